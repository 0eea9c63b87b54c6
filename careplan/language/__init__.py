"""The plain-language checker: jargon, long sentences, passive voice, reading age."""
