import httpx
import openai

from assistant.compose.prompts import PromptLibrary
from assistant.domain.turns import Turn
from assistant.models.chat import ChatModelHandle, ModelLabel
from assistant.models.fake import ScriptedChatModel
from assistant.retrieve.rewrite import QueryRewriter
from assistant.tokens import TokenCounter

HISTORY = [
    Turn("user", "My team keeps missing deadlines on the billing migration."),
    Turn("assistant", "Priya gave ranges instead of dates [1]."),
]


def make():
    model = ScriptedChatModel()
    handle = ChatModelHandle(lambda: model, ModelLabel("fake", "scripted"))
    return QueryRewriter(handle, PromptLibrary(), TokenCounter()), model


def test_no_history_means_no_model_call():
    rewriter, model = make()
    assert rewriter.standalone("How do I give feedback?", []) == "How do I give feedback?"
    assert model.history == []


def test_follow_up_is_rewritten_from_the_conversation():
    rewriter, model = make()
    model.enqueue('{"query": "how to give stakeholders date ranges for a late billing migration"}')
    query = rewriter.standalone("How did she explain that to stakeholders?", HISTORY)
    assert query == "how to give stakeholders date ranges for a late billing migration"
    prompt = model.history[0][0].content
    assert "user: My team keeps missing deadlines" in prompt
    assert "Last message: How did she explain that to stakeholders?" in prompt
    assert model.options[0]["response_format"]["json_schema"]["name"] == "standalone_query"


def test_garbage_or_a_down_model_falls_back_to_the_last_question():
    rewriter, model = make()
    model.enqueue("not json at all")
    model.enqueue(openai.APITimeoutError(request=httpx.Request("POST", "http://127.0.0.1:1")))
    for _ in range(2):
        query = rewriter.standalone("And then?", HISTORY)
        assert query == "My team keeps missing deadlines on the billing migration. And then?"


def test_without_the_model_a_follow_up_is_searched_with_the_previous_question():
    model = ScriptedChatModel()
    handle = ChatModelHandle(lambda: model, ModelLabel("fake", "scripted"))
    rewriter = QueryRewriter(handle, PromptLibrary(), TokenCounter(), use_model=False)
    query = rewriter.standalone("How did she explain that?", HISTORY)
    assert (
        query
        == "My team keeps missing deadlines on the billing migration. How did she explain that?"
    )
    assert model.history == []
