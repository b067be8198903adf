"""Framework-free answers and commands behind every API endpoint."""
