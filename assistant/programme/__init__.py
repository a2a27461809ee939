"""The programme owner's tools: form peer groups, launch them, see what the organisation learns."""
