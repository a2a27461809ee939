"""How the app looks: a theme with WCAG AA text contrast and the CSS for phones and keyboards."""

from __future__ import annotations

import gradio as gr

# Gradio's default theme draws secondary text, placeholders and the orange primary buttons
# below WCAG AA (4.5:1); these shades reach it on white and on the dark background alike.
SHADES = {
    "body_text_color_subdued": "*neutral_600",
    "body_text_color_subdued_dark": "*neutral_300",
    "input_placeholder_color": "*neutral_500",
    "input_placeholder_color_dark": "*neutral_400",
    "block_label_text_color": "*neutral_600",
    "block_title_text_color": "*neutral_600",
    "color_accent": "*primary_700",
    "button_primary_background_fill": "*primary_700",
    "button_primary_background_fill_dark": "*primary_700",
    "button_primary_background_fill_hover": "*primary_800",
    "button_primary_background_fill_hover_dark": "*primary_800",
    "button_cancel_background_fill": "#b91c1c",
    "button_cancel_background_fill_dark": "#b91c1c",
    "button_cancel_background_fill_hover": "#991b1b",
    "button_cancel_background_fill_hover_dark": "#991b1b",
}

# Gradio scopes `CSS` to its content; these rules reach the page around it (and the sign-in page).
PAGE_CSS = """
.sr-only {position: absolute !important; width: 1px; height: 1px; padding: 0; margin: -1px;
  overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; border: 0;}
@media (max-width: 640px) {
  .gradio-container .main.app {padding: 4px 8px; --layout-gap: 8px;}
}
"""

CSS = """
.hint {color: var(--body-text-color-subdued);}
#brief details, #answer details, #peers details, #notes details {margin: 0.2em 0 0.2em 1em;}
details > summary {min-height: 24px; line-height: 24px;}  /* a target one can hit (WCAG 2.5.8) */
:is(button, a, input, textarea, select, summary, [role=tab], [tabindex]):focus-visible {
  outline: 3px solid var(--color-accent) !important; outline-offset: 2px;}
#header {flex-wrap: wrap; align-items: center; row-gap: 0;}
#title {flex: 0 0 auto; overflow: visible !important;}  /* the bold title: a pixel over its box */
#title h1 {white-space: nowrap; margin: 0;}
#who {flex: 1 1 12rem;}
#prepare-chat, #reflect-chat, #capture-chat {
  height: min(460px, 100dvh - 22rem) !important; min-height: 14rem;}
#prepare-chat:not(:has(.message)), #reflect-chat:not(:has(.message)),
#capture-chat:not(:has(.message)) {height: 9rem !important; min-height: 9rem;}
/* Gradio lets a checkbox shrink to its box alone; its label stays readable on a narrow row. */
.block:has(> label.checkbox-container) {min-width: min(160px, 100%) !important;}
/* Phones and tablets in portrait: a compact header, results stacked under the chat. */
@media (max-width: 900px) {
  .row:has(> .column #brief), .row:has(> .column #answer) {
    flex-direction: column; align-items: stretch !important;}
}
@media (max-width: 640px) {
  #header {column-gap: 8px;}
  #title {flex: 1 1 auto; width: auto !important;}
  #title h1 {font-size: 1.4rem;}
  #sign-out {order: 2; flex: 0 0 auto;}
  #who {order: 3; flex: 1 1 100%;}
  #who, #who p, #model-status, #model-status p, .hint, .hint p {font-size: 0.8rem; margin: 0;}
  [role=tablist] [role=tab] {padding: 4px 8px; font-size: 0.9rem;}
  /* Once a conversation runs, its hint has been read: the chat gets the room. */
  #tab-prepare:has(#prepare-chat .message) .hint,
  #tab-reflect:has(#reflect-chat .message) .hint,
  #tab-capture:has(#capture-chat .message) .hint {display: none;}
  #framework {padding: 6px 8px;}
  #framework label {padding: 4px 8px; font-size: 0.85rem;}
  #reflect-start {flex: 1 1 100%; padding: 6px;}
  #prepare-chat {height: max(12rem, 100dvh - 20rem) !important;}
  #reflect-chat {height: max(10rem, 100dvh - 30rem) !important;}
  #capture-chat {height: max(10rem, 100dvh - 30rem) !important;}
  /* Tables (the programme design) keep whole words: smaller type, tighter cells. */
  .prose table th, .prose table td {padding: 4px 6px; font-size: 0.8rem; word-break: normal;
    overflow-wrap: normal; hyphens: auto;}
}
"""


# Gradio's default font declares a semi-bold (600) face whose file holds a handful of glyphs, so
# headings drew most letters in a fallback font and a few ("A") in that face. Its complete bold
# file serves every weight above 500 instead.
FONT: list[gr.themes.Font | str] = [
    gr.themes.LocalFont("Source Sans Pro", weights=(400, 700)),
    "ui-sans-serif",
    "sans-serif",
]


def theme() -> gr.themes.Base:
    """Return the app's theme: Gradio's default with its low-contrast shades darkened."""
    return gr.themes.Default(font=FONT).set(**SHADES)
