"""The Survey tab: a member's own needs survey and session pulses (nobody else sees them)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import gradio as gr

from assistant.people.groups import GroupError
from assistant.programme.fit import FitService
from assistant.programme.fit_report import my_pulses_markdown, my_survey_markdown
from assistant.programme.readiness import FitError
from assistant.programme.service import NotOwnerError
from assistant.programme.survey import FORMATS, KINDS, SIZES, SLOTS, SurveyAnswer
from assistant.programme.themes import THEMES
from ui.chat import Update
from ui.signin import signed_in

HINT = (
    "Your answers are yours: only you can see them here, change or delete them. The programme "
    "owner sees only counts across at least a few people, never your answers or your words."
)


def refused(call: Callable[[], Any]) -> Any:
    """Run a fit action; a refusal or a bad answer becomes a clear message on screen."""
    try:
        return call()
    except (FitError, NotOwnerError, GroupError) as exc:
        raise gr.Error(str(exc)) from exc


def session_choices(due: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """Return held sessions as dropdown choices: 'group · when' labels, 'group|when' values."""
    return [(f"{g} · {w}", f"{g}|{w}") for g, w in due]


class SurveyTab:
    """Lays out the Survey tab; every read and write is of the signed-in member's own answers."""

    def __init__(self, fit: FitService) -> None:
        self._fit = fit

    def build(self, demo: gr.Blocks) -> None:
        """Add the tab's components and wire its events."""
        with gr.Tab("Survey", id="survey", elem_id="tab-survey") as tab:
            gr.Markdown("## Survey", elem_classes="sr-only")  # for screen readers
            gr.Markdown(HINT, elem_classes="hint")
            self.status = gr.Markdown(elem_id="survey-status")
            with gr.Accordion("Needs survey", open=True):
                self._form()
            with gr.Accordion("Pulse after a session", open=True):
                self._pulse()
        fields = [self.status, *self.fields, self.sessions, self.pulses]
        tab.select(self.show, None, fields, api_name="my_survey")
        self.send.click(self.answer, self.fields, fields, api_name="survey_answer")
        self.decline.click(self.decline_round, None, fields, api_name="survey_decline")
        self.delete.click(self.delete_answer, None, fields, api_name="survey_delete")
        self.pulse_go.click(
            self.pulse, [self.sessions, *self.scores], fields, api_name="pulse_answer"
        )
        demo.load(self.label, None, tab, api_visibility="private")

    def _form(self) -> None:
        themes = [t.replace("-", " ") for t in THEMES]
        theme_choices = list(zip(themes, THEMES, strict=True))
        challenges = gr.Dropdown(
            theme_choices,
            multiselect=True,
            label="The challenges you face now (most pressing first)",
            elem_id="survey-challenges",
        )
        text = gr.Textbox(
            label="In your own words (optional, only you see it)",
            lines=2,
            elem_id="survey-text",
        )
        strengths = gr.Dropdown(
            theme_choices,
            multiselect=True,
            label="What you could help others with",
            elem_id="survey-strengths",
        )
        with gr.Row():
            years = gr.Number(0, label="Years as a manager", minimum=0, maximum=60, precision=0)
            size = gr.Dropdown(
                [("no preference", 0), *[(str(s), s) for s in SIZES if s]],
                value=0,
                label="Preferred group size",
                elem_id="survey-size",
            )
            form = gr.Radio(list(FORMATS), value="either", label="Format", elem_id="survey-format")
        kind = gr.Radio(
            [(label, key) for key, label in KINDS.items()],
            label="The kind of challenge you bring most",
            elem_id="survey-kind",
        )
        windows = gr.CheckboxGroup(list(SLOTS), label="When you can meet", elem_id="survey-windows")
        self.fields = [challenges, text, strengths, years, size, form, kind, windows]
        with gr.Row():
            self.send = gr.Button("Send my answers", variant="primary", elem_id="survey-send")
            self.decline = gr.Button("Decline this survey", elem_id="survey-decline")
            self.delete = gr.Button("Delete my answers", variant="stop", elem_id="survey-delete")

    def _pulse(self) -> None:
        self.sessions = gr.Dropdown(label="Held session", elem_id="pulse-session")
        self.scores = [
            gr.Slider(
                1, 5, value=3, step=1, label="How useful was it? (1-5)", elem_id="pulse-useful"
            ),
            gr.Slider(
                1, 5, value=3, step=1, label="I could speak openly (1-5)", elem_id="pulse-open"
            ),
        ]
        self.pulse_go = gr.Button("Send pulse", elem_id="pulse-send")
        self.pulses = gr.Markdown(elem_id="pulse-mine")

    def label(self, request: gr.Request) -> Any:
        """Flag the tab while a survey round waits for this member's answer."""
        pending = self._fit.survey_pending(signed_in(request))
        return gr.Tab(label="Survey (please answer)" if pending else "Survey")

    def show(self, request: gr.Request) -> Update:
        """Return the member's own answer (as the form's values), held sessions and pulses."""
        user = signed_in(request)
        mine = self._fit.my_survey(user)
        given = mine if mine and not mine.declined else SurveyAnswer(user, "")
        values = [
            list(given.challenges),
            given.challenge_text,
            list(given.strengths),
            given.years,
            given.group_size,
            given.format,
            given.kind or None,
            list(given.windows),
        ]
        due = self._fit.pulse_due(user)
        choices = session_choices(due)
        return {
            self.status: my_survey_markdown(mine, self._fit.survey_pending(user)),
            **dict(zip(self.fields, values, strict=True)),
            self.sessions: gr.Dropdown(choices=choices, value=choices[0][1] if choices else None),
            self.pulses: my_pulses_markdown(self._fit.my_pulses(user)),
        }

    def answer(
        self,
        challenges: list[str] | None,
        text: str,
        strengths: list[str] | None,
        years: float | None,
        size: int | None,
        form: str | None,
        kind: str | None,
        windows: list[str] | None,
        request: gr.Request,
    ) -> Update:
        """Keep the member's answers to the open round; return the refreshed tab."""
        user = signed_in(request)
        given = SurveyAnswer(
            user,
            "",
            challenges=tuple(challenges or ()),
            challenge_text=text or "",
            strengths=tuple(strengths or ()),
            years=int(years or 0),
            group_size=int(size or 0),
            format=form or "either",
            kind=kind or "",
            windows=tuple(windows or ()),
        )
        refused(lambda: self._fit.answer_survey(user, given))
        gr.Info("Thank you: your answers are saved, and only you can see them.")
        return self.show(request)

    def decline_round(self, request: gr.Request) -> Update:
        """Decline the open round; return the refreshed tab."""
        user = signed_in(request)
        refused(lambda: self._fit.decline_survey(user))
        return self.show(request)

    def delete_answer(self, request: gr.Request) -> Update:
        """Delete the member's answers; return the refreshed tab."""
        self._fit.delete_survey(signed_in(request))
        return self.show(request)

    def pulse(
        self, session: str | None, useful: float, openly: float, request: gr.Request
    ) -> Update:
        """Keep the member's pulse on a held session of their group; return the refreshed tab."""
        user = signed_in(request)
        if not session or "|" not in session:
            raise gr.Error("Choose a held session first.")
        group, when = session.split("|", 1)
        refused(lambda: self._fit.answer_pulse(user, group, when, int(useful), int(openly)))
        return self.show(request)
