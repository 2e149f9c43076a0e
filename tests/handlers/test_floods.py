"""Someone pastes fifty messages: a few answers and one polite notice, not fifty replies."""

from pathlib import Path

from tests.harness import JolTestBot, ui

NOTICE = "You are sending messages very fast. I will answer again in a few seconds."


async def test_a_flood_of_messages_gets_a_few_answers_and_one_notice(tmp_path: Path) -> None:
    jol = await JolTestBot.start(tmp_path, flood_rate=5)
    try:
        flooder = jol.user(1001, "ru")
        for line in range(50):
            await flooder.send(f"line {line} of a long pasted text")
        texts = [message.text for message in flooder.messages]
        assert len(texts) == 6, "five answers, one notice, then silence"
        assert texts[-1] == ui("ru", NOTICE) not in texts[:-1]

        neighbour = jol.user(1002, "en")
        assert (await neighbour.send("hello")).text != NOTICE, "others are not slowed down"

        query = await flooder.press_data("n:main", flooder.messages[0])
        assert flooder.answer_to(query) is not None, "buttons still work during a flood"
    finally:
        await jol.stop()
