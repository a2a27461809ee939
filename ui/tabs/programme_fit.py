"""The owner's fitting of the programme, in the Programme tab: readiness, survey, design, pulse."""

from __future__ import annotations

import gradio as gr

from assistant.programme.design import PARTS
from assistant.programme.fit import FitService
from assistant.programme.fit_report import (
    PART_TITLES,
    design_markdown,
    pulse_markdown,
    readiness_markdown,
    survey_summary_markdown,
)
from assistant.programme.readiness import Readiness
from assistant.programme.schedule import CADENCES
from ui.chat import Update
from ui.signin import signed_in
from ui.tabs.survey import refused


class FitSection:
    """Lays out '0. Fit the programme'; the service checks every owner action."""

    def __init__(self, fit: FitService) -> None:
        self._fit = fit

    def build(self) -> None:
        """Add readiness, the survey round and the design, and wire their events."""
        gr.Markdown("### Readiness: a sponsor, time allowed, a system")
        with gr.Row():
            sponsor = gr.Textbox(label="Senior sponsor (name, role)", elem_id="ready-sponsor")
            endorsed = gr.Checkbox(
                label="The sponsor's endorsement has been communicated", elem_id="ready-endorsed"
            )
            hours = gr.Number(
                0, label="Hours a month allowed", minimum=0, maximum=40, elem_id="ready-hours"
            )
        with gr.Row():
            cadence = gr.Dropdown(["", *CADENCES], value="", label="Committed cadence")
            cycle = gr.Number(0, label="Cycle length (months)", minimum=0, maximum=24, precision=0)
            review = gr.Textbox(label="Review date (YYYY-MM-DD)", elem_id="ready-review")
            save = gr.Button("Save readiness", elem_id="ready-save", scale=0)
        self.readiness_fields = [sponsor, endorsed, hours, cadence, cycle, review]
        self.readiness = gr.Markdown(elem_id="ready-gaps")
        gr.Markdown("### Needs survey")
        with gr.Row():
            open_round = gr.Button("Open a survey round", elem_id="survey-open", scale=0)
            close_round = gr.Button("Close the round", elem_id="survey-close", scale=0)
        self.survey = gr.Markdown(elem_id="survey-results")
        gr.Markdown("### Programme design, with reasons")
        recommend = gr.Button("Recommend from readiness and survey", elem_id="design-recommend")
        self.design = gr.Markdown(elem_id="design")
        with gr.Row():
            part = gr.Dropdown(
                [(PART_TITLES[p], p) for p in PARTS],
                value="protocol",
                label="Part",
                elem_id="design-part",
            )
            value = gr.Textbox(
                label="Your choice (empty: accept the recommendation)", elem_id="design-value"
            )
            choose = gr.Button("Accept or change", elem_id="design-choose", scale=0)
        save.click(
            self.save_readiness, self.readiness_fields, self.readiness, api_name="save_readiness"
        )
        open_round.click(self.open_round, None, self.survey, api_name="open_survey")
        close_round.click(self.close_round, None, self.survey, api_name="close_survey")
        recommend.click(self.recommend, None, self.design, api_name="recommend_design")
        choose.click(self.choose, [part, value], self.design, api_name="choose_design")

    def build_pulse(self) -> None:
        """Add the pulse averages (inside the learning view's section)."""
        gr.Markdown("### Session pulse: useful, and could people speak openly")
        self.pulse = gr.Markdown(elem_id="pulse-view")

    def outputs(self) -> list[gr.components.Component]:
        """Return what `open` fills."""
        return [*self.readiness_fields, self.readiness, self.survey, self.design, self.pulse]

    def open(self, request: gr.Request) -> Update:
        """Fill readiness, the survey's aggregates, the design and the pulse (owners only)."""
        user = signed_in(request)
        found, gaps = refused(lambda: self._fit.readiness(user))
        values = [
            found.sponsor,
            found.endorsed,
            found.hours_per_month,
            found.cadence,
            found.cycle_months,
            found.review_date,
        ]
        return {
            **dict(zip(self.readiness_fields, values, strict=True)),
            self.readiness: readiness_markdown(found, gaps),
            self.survey: survey_summary_markdown(self._fit.survey_summary(user)),
            self.design: design_markdown(self._fit.design(user)),
            self.pulse: pulse_markdown(self._fit.pulse(user), self._fit.min_people),
        }

    def save_readiness(
        self,
        sponsor: str,
        endorsed: bool,
        hours: float | None,
        cadence: str | None,
        cycle: float | None,
        review: str,
        request: gr.Request,
    ) -> str:
        """Keep the readiness check; return it with what is still missing and why."""
        user = signed_in(request)
        given = Readiness(
            sponsor or "",
            bool(endorsed),
            float(hours or 0),
            cadence or "",
            int(cycle or 0),
            review or "",
        )
        gaps = refused(lambda: self._fit.save_readiness(user, given))
        return readiness_markdown(given.checked(), gaps)

    def open_round(self, request: gr.Request) -> str:
        """Open a survey round; return the results so far."""
        user = signed_in(request)
        refused(lambda: self._fit.open_survey(user))
        return survey_summary_markdown(self._fit.survey_summary(user))

    def close_round(self, request: gr.Request) -> str:
        """Close the survey round; return its results."""
        user = signed_in(request)
        refused(lambda: self._fit.close_survey(user))
        return survey_summary_markdown(self._fit.survey_summary(user))

    def recommend(self, request: gr.Request) -> str:
        """Recommend the design afresh (choices kept); return it."""
        user = signed_in(request)
        return design_markdown(refused(lambda: self._fit.recommend(user)))

    def choose(self, part: str | None, value: str, request: gr.Request) -> str:
        """Accept a part as recommended, or change it; return the design."""
        user = signed_in(request)
        if not part:
            raise gr.Error("Choose a part of the design.")
        given = value.strip() if value and value.strip() else None
        return design_markdown(refused(lambda: self._fit.choose(user, part, given)))
