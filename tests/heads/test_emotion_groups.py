

def test_a_feeling_the_customer_names_is_read_with_its_words() -> None:
    from heartline.heads.emotion_groups import named_emotion

    text = "It came today and the screen is cracked. I'm so frustrated."
    found = named_emotion(text)
    assert found is not None and found[0] == "frustrated"
    assert text[found[1][0]:found[1][1]] == "I'm so frustrated"
    assert named_emotion("I feel really let down by you")[0] == "disappointed"  # type: ignore[index]
    assert named_emotion("Honestly I'm not angry, just disappointed") is None  # negated, then no "I'm"
    assert named_emotion("My order is late, where is it?") is None
