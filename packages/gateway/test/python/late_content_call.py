"""One chat call traced by the contrib `openai-v2` instrumentation, its content sent as a log event only.

With OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT=event_only, the instrumentation puts the call's messages on
a `gen_ai.client.inference.operation.details` event and none on the span. Spans and logs leave through their own
batch processors, as in production; this script flushes the spans first, so the gateway gets the call's content
after its span. Configured by the standard variables (OTEL_EXPORTER_OTLP_ENDPOINT, OTEL_SERVICE_NAME,
OPENAI_BASE_URL, OPENAI_API_KEY); prints the call's trace and span ids.
"""

import json
import sys

from openai import OpenAI
from opentelemetry import _logs, trace
from opentelemetry.exporter.otlp.proto.http._log_exporter import OTLPLogExporter
from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter
from opentelemetry.instrumentation.openai_v2 import OpenAIInstrumentor
from opentelemetry.sdk._logs import LoggerProvider
from opentelemetry.sdk._logs.export import BatchLogRecordProcessor
from opentelemetry.sdk.resources import Resource
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import BatchSpanProcessor, SimpleSpanProcessor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter


def main() -> None:
    resource = Resource.create()
    memory = InMemorySpanExporter()
    tracer_provider = TracerProvider(resource=resource)
    tracer_provider.add_span_processor(BatchSpanProcessor(OTLPSpanExporter()))
    tracer_provider.add_span_processor(SimpleSpanProcessor(memory))
    trace.set_tracer_provider(tracer_provider)
    logger_provider = LoggerProvider(resource=resource)
    logger_provider.add_log_record_processor(BatchLogRecordProcessor(OTLPLogExporter()))
    _logs.set_logger_provider(logger_provider)
    OpenAIInstrumentor().instrument()

    client = OpenAI(max_retries=0)
    client.chat.completions.create(model="gpt-4o-mini", messages=[{"role": "user", "content": sys.argv[1]}])
    # Spans first, then the logs: the content reaches the gateway after its span was forwarded.
    tracer_provider.shutdown()
    logger_provider.shutdown()
    [span] = memory.get_finished_spans()
    print(json.dumps({"traceId": format(span.context.trace_id, "032x"), "spanId": format(span.context.span_id, "016x")}))


if __name__ == "__main__":
    main()
