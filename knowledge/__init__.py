"""The demo knowledge base, installed as the resource package `assistant.knowledge`."""
