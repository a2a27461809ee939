"""The Gradio app: a thin layer over the services the composition root builds."""
