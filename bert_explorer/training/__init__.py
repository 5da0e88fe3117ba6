"""Training a head in front of the user: data, AdamW groups, schedules, MLM masking, the loop."""
