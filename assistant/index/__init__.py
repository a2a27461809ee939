"""Index: the vector store that holds every chunk of know-how with its metadata."""
