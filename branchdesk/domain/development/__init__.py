"""发展党员: the 25 steps, the versioned rule texts and the checker."""
