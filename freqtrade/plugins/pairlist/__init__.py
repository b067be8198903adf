"""The pairlist generators and filters, one module each; ``registry`` names the supported ones."""
