"""scenec.compiler: the passes and the render plan."""
