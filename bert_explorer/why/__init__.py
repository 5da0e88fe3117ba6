"""Why a head gave its answer: attributions to the input tokens and the logit lens."""
