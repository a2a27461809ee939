"""Retrieve: find the chunks of know-how that bear on a question, as LangChain documents."""
