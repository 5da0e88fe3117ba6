"""A whole dataset through a sequence-classification head: metrics, calibration, temperature."""
