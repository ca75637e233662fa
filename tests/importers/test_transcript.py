"""The call-transcript importer: Whisper, AWS Transcribe and plain text, speaker roles."""

from __future__ import annotations

from pathlib import Path

from importer_support import read

from heartline.conversation import Channel, Role

AGENT_FIRST = [Role.AGENT, Role.CUSTOMER, Role.AGENT, Role.CUSTOMER, Role.AGENT, Role.CUSTOMER]


def test_whisper_segments_merge_into_turns() -> None:
    (call,), problems = read("transcript", "whisper.json")
    assert problems == []
    assert call.id == "whisper" and call.channel is Channel.PHONE and call.source == "transcript"
    assert call.started_at is None
    assert [m.role for m in call.messages] == AGENT_FIRST  # first speaker answers the call
    second = call.messages[1]
    assert (second.audio_start, second.audio_end) == (4.9, 12.1)  # two segments, one turn
    assert second.text.endswith("I honestly don't know how I'm going to pay that.")
    assert "r.dunmore@example.com" in call.messages[3].text
    assert all(m.author is None and m.sent_at is None for m in call.messages)


def test_whisper_without_speakers_needs_a_mapping() -> None:
    convs, problems = read("transcript", "whisper_no_speakers.json")
    assert convs == [] and {p.field for p in problems} == {"speaker"}
    assert [p.record for p in problems] == ["segments[0]", "segments[1]", "segments[2]"]
    (call,), problems = read("transcript", "whisper_no_speakers.json", mapping={"speaker": "agent"})
    assert problems == [] and [m.role for m in call.messages] == [Role.AGENT]


def test_aws_transcribe_turns_words_and_punctuation() -> None:
    (call,), problems = read("transcript", "aws_transcribe.json")
    assert problems == []
    assert call.id == "fraud-call-2024-03-14-0932"  # the job name
    assert [m.role for m in call.messages] == AGENT_FIRST[:5]
    assert call.messages[1].text == "Hi. I got a text saying my card was used in Lisbon, but I'm in Leeds!"
    assert call.messages[0].audio_start == 0.5 and call.messages[0].audio_end == 5.22


def test_aws_speaker_mapping() -> None:
    (call,), _ = read("transcript", "aws_transcribe.json", mapping={"spk_0": "customer", "spk_1": "agent"})
    assert [m.role for m in call.messages] == AGENT_FIRST[1:]


def test_bad_mapping_role_is_a_problem() -> None:
    convs, problems = read("transcript", "aws_transcribe.json", mapping={"spk_0": "manager"})
    assert convs == [] and [(p.record, p.field) for p in problems] == [("mapping", "spk_0")]


def test_truncated_json() -> None:
    convs, problems = read("transcript", "aws_transcribe_truncated.json")
    assert convs == [] and [p.record for p in problems] == ["file"]


def test_text_lines_with_times_and_continuations() -> None:
    (call,), problems = read("transcript", "call.txt")
    assert problems == []
    assert call.id == "call"
    assert [m.role for m in call.messages] == AGENT_FIRST
    assert [m.audio_start for m in call.messages] == [1.0, 5.0, 12.0, 21.0, 30.0, 41.0]
    # "Account name: …" inside a turn is text, not a new speaker.
    assert call.messages[3].text == "It's 07700 900877. Account name: Joanna Whitfield."
    assert "Let me check your account." in call.messages[2].text


def test_text_role_words() -> None:
    (call,), problems = read("transcript", "call_untimed.txt")
    assert problems == []
    assert [m.role for m in call.messages] == [Role.CUSTOMER, Role.AGENT, Role.CUSTOMER, Role.AGENT]
    assert call.messages[0].audio_start is None


def test_unknown_speaker_is_a_problem_unless_mapped() -> None:
    convs, problems = read("transcript", "call_unknown_speaker.txt")
    assert convs == [] and [(p.record, p.field) for p in problems] == [("line 3", "speaker")]
    (call,), problems = read("transcript", "call_unknown_speaker.txt", mapping={"Supervisor": "agent"})
    assert problems == [] and len(call.messages) == 3  # the supervisor's line joins the agent turn


def test_text_that_does_not_start_with_a_speaker(tmp_path: Path) -> None:
    path = tmp_path / "notes.txt"
    path.write_text("Called the customer back about the refund.\nAgent: hello\n")
    convs, problems = read("transcript", path)
    assert convs == [] and [(p.record, p.field) for p in problems] == [("line 1", "speaker")]


def test_long_turn_is_a_problem(tmp_path: Path) -> None:
    path = tmp_path / "long.txt"
    path.write_text("Agent: hello\nCustomer: " + "so " * 400 + "\n")
    convs, problems = read("transcript", path, max_message_chars=1000)
    assert convs == [] and [(p.record, p.field) for p in problems] == [("line 2", "text")]
