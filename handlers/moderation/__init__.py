"""/vakt queue, mine and answers, and the buttons on comment alerts."""
