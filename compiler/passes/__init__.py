"""scenec.compiler.passes: one pass a module; the pipeline is a tuple."""
