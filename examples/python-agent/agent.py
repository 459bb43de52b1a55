"""A small support agent in Python, observed by Driftwatch through the gateway.

It answers one customer question with the real `openai` SDK: the model asks for a tool (`lookup_order`), the agent
runs it, the model answers, and a refund over the limit is escalated to a human. Tracing is plain OpenTelemetry;
the LLM calls are traced by the instrumentation named on the command line (the contrib `openai-v2`, OpenInference
or OpenLLMetry), the run by this file, following Driftwatch's run-signal contract (docs/gateway.md):

- `gen_ai.operation.name=invoke_agent` and `gen_ai.agent.name` on the run's span;
- `driftwatch.agent.task.hash`: a stable key of the task (repeats of a completed task are counted);
- `driftwatch.agent.max_steps`: the step budget (LLM calls plus tool calls) past which the run counts as escalated;
- `driftwatch.agent.escalated=true` and `driftwatch.escalation.category` when the agent hands over to a human;
- a `driftwatch.outcome` event per business outcome (`driftwatch.outcome.name`, `driftwatch.outcome.value`).

Everything is configured by the standard variables: OTEL_EXPORTER_OTLP_ENDPOINT (the gateway),
OTEL_SERVICE_NAME, OTEL_RESOURCE_ATTRIBUTES, OPENAI_BASE_URL, OPENAI_API_KEY.
"""

import argparse
import hashlib
import json

from openai import OpenAI
from opentelemetry import metrics, trace
from opentelemetry.exporter.otlp.proto.http.metric_exporter import OTLPMetricExporter
from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter
from opentelemetry.sdk.metrics import MeterProvider
from opentelemetry.sdk.metrics.export import PeriodicExportingMetricReader
from opentelemetry.sdk.resources import Resource
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import BatchSpanProcessor
from opentelemetry.trace import SpanKind, Status, StatusCode

REFUND_LIMIT_USD = 100
ORDERS = {"A-1": {"status": "delivered", "refund_usd": 40}, "B-7": {"status": "lost", "refund_usd": 250}}
LOOKUP_ORDER_TOOL = {
    "type": "function",
    "function": {
        "name": "lookup_order",
        "description": "Finds an order and the refund it qualifies for.",
        "parameters": {
            "type": "object",
            "properties": {"order_id": {"type": "string", "enum": ["B-7"]}},
            "required": ["order_id"],
        },
    },
}


def instrument_openai(name: str) -> None:
    if name == "openai-v2":
        from opentelemetry.instrumentation.openai_v2 import OpenAIInstrumentor
    elif name == "openinference":
        from openinference.instrumentation.openai import OpenAIInstrumentor
    elif name == "openllmetry":
        from opentelemetry.instrumentation.openai import OpenAIInstrumentor
    else:
        raise SystemExit(f"unknown instrumentation {name}")
    OpenAIInstrumentor().instrument()


def lookup_order(order_id: str) -> dict:
    return ORDERS.get(order_id, {"status": "unknown", "refund_usd": 0})


def run_agent(client: OpenAI, tracer: trace.Tracer, question: str, model: str) -> dict:
    task_hash = hashlib.sha256(question.strip().lower().encode()).hexdigest()[:16]
    attributes = {
        "gen_ai.operation.name": "invoke_agent",
        "gen_ai.agent.name": "support",
        "driftwatch.agent.task.hash": task_hash,
        "driftwatch.agent.max_steps": 6,
    }
    with tracer.start_as_current_span("invoke_agent support", kind=SpanKind.INTERNAL, attributes=attributes) as run:
        messages = [{"role": "user", "content": question}]
        first = client.chat.completions.create(model=model, messages=messages, tools=[LOOKUP_ORDER_TOOL])
        call = first.choices[0].message.tool_calls[0]
        arguments = json.loads(call.function.arguments)
        tool_attributes = {
            "gen_ai.operation.name": "execute_tool",
            "gen_ai.tool.name": call.function.name,
            "gen_ai.tool.call.id": call.id,
        }
        with tracer.start_as_current_span(f"execute_tool {call.function.name}", attributes=tool_attributes) as tool:
            order = lookup_order(arguments["order_id"])
            if order["status"] == "unknown":
                tool.set_attribute("error.type", "order_not_found")
                tool.set_status(Status(StatusCode.ERROR, "order not found"))
        messages.append(first.choices[0].message.model_dump(exclude_none=True))
        messages.append({"role": "tool", "tool_call_id": call.id, "content": json.dumps(order)})
        second = client.chat.completions.create(model=model, messages=messages)
        escalated = order["refund_usd"] > REFUND_LIMIT_USD
        if escalated:
            run.set_attribute("driftwatch.agent.escalated", True)
            run.set_attribute("driftwatch.escalation.category", "refund_over_limit")
        run.add_event(
            "driftwatch.outcome",
            {"driftwatch.outcome.name": "answered", "driftwatch.outcome.value": second.choices[0].message.content != ""},
        )
        return {
            "answer": second.choices[0].message.content,
            "escalated": escalated,
            "usage": [
                {"input": response.usage.prompt_tokens, "output": response.usage.completion_tokens}
                for response in (first, second)
            ],
        }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--instrumentation", default="openai-v2", choices=["openai-v2", "openinference", "openllmetry"])
    parser.add_argument("--model", default="gpt-4o-mini")
    parser.add_argument("--question", default="My order B-7 never arrived, can I get a refund?")
    options = parser.parse_args()

    resource = Resource.create()
    tracer_provider = TracerProvider(resource=resource)
    tracer_provider.add_span_processor(BatchSpanProcessor(OTLPSpanExporter()))
    trace.set_tracer_provider(tracer_provider)
    meter_provider = MeterProvider(resource=resource, metric_readers=[PeriodicExportingMetricReader(OTLPMetricExporter())])
    metrics.set_meter_provider(meter_provider)
    instrument_openai(options.instrumentation)

    client = OpenAI(max_retries=0)
    result = run_agent(client, trace.get_tracer("support-agent"), options.question, options.model)
    tracer_provider.shutdown()
    meter_provider.shutdown()
    print(json.dumps(result))


if __name__ == "__main__":
    main()
