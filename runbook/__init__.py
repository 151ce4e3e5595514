"""runbook: play the outsourced-service emergency plan as timed, recorded steps."""
