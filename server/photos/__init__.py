"""Photo handling: sanitising uploads and storing the results."""
