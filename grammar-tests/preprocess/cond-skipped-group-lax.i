
kept
