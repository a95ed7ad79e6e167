"""scenec.knowledge.learning."""
