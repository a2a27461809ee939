"""Prompt, protocol and framework files, installed as the resource package `assistant.prompts`."""
