"""发展党员 pages: pipeline board, per-person timeline with the 25 steps, editors, year figures."""
