"""What the app says when it cannot do better: the user-facing fallback texts, in one place."""

from __future__ import annotations

MODEL_UNAVAILABLE = "The model is unavailable right now"
MODEL_REFUSED = "The model's answer did not pass the coach's checks"
ANSWER_REFUSED = "the model did not answer in the expected form"  # how ask_json says so
MODEL_DOWN = "the model is unavailable"  # how ask_json says it got no answer
NOTES_INSTEAD = f"{MODEL_UNAVAILABLE}, so here are the notes that bear on this:"
NO_NOTES = f"{MODEL_UNAVAILABLE}, and no notes matched the question."
# A coach turn whose manager message held nothing that could be given back cleanly.
NO_REFLECTION = "Thank you, that helps me understand it."
BRIEF_SAVED = "This brief is saved. Start a new session to prepare another case."
REFLECTION_SAVED = "This reflection is saved in your journal."
_EXPORTABLE = "It is saved; you can export it as markdown."
BRIEF_READY = f"Here is your case brief. {_EXPORTABLE}"
# The same in the app, where the brief sits beside the chat, or below it on a phone or tablet.
BRIEF_SHOWN = (
    f"Here is your case brief, beside this chat (below it on a small screen). {_EXPORTABLE}"
)
SESSION_GONE = "That session is no longer there. Start a new one."
SOMETHING_WENT_WRONG = "Something went wrong ({error}). Your message is kept; try again."
