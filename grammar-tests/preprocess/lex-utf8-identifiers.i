

1 näme int €;

"é \"é\""
