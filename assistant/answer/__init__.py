"""Answer: send the budgeted prompt to the model and return a reply with traceable citations."""
