"""The ledger: every published figure stored as its own sourced observation."""
