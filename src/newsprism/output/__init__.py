"""What leaves the store: the JSON/JSONL/CSV export (the output contract) and the HTML report."""
