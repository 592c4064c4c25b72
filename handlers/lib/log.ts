/**
 * Structured JSON logs and CloudWatch metrics in embedded metric format (EMF), one line per record on stdout.
 *
 * Written here rather than taken from Powertools for AWS Lambda: the two Powertools packages (logger, metrics) and
 * their commons would ship in every function for about 60 lines of behaviour; the output follows the same shapes
 * (`level`, `message`, `service`, `timestamp`, `xray_trace_id`; EMF `_aws` block), so switching later is cheap.
 */

const LEVELS = { DEBUG: 10, INFO: 20, WARN: 30, ERROR: 40, SILENT: 100 } as const;
type Level = keyof typeof LEVELS;

/** Where records go; tests replace it to assert what is (and is not) logged. */
export type Sink = (line: string) => void;

/** A logger bound to a service and, per invocation, a request id and trace id. */
export interface Logger {
    debug(message: string, fields?: Record<string, unknown>): void;
    info(message: string, fields?: Record<string, unknown>): void;
    warn(message: string, fields?: Record<string, unknown>): void;
    error(message: string, fields?: Record<string, unknown>): void;
    /** A logger that adds `fields` to every record. */
    child(fields: Record<string, unknown>): Logger;
}

/** The default sink: stdout, which the Lambda runtime ships to CloudWatch Logs line by line. */
export const stdoutSink: Sink = (line) => {
    process.stdout.write(`${line}\n`);
};

/**
 * Creates a logger.
 *
 * @param service - `service` field of every record.
 * @param level - lowest level written (DEBUG, INFO, WARN, ERROR or SILENT); unknown values mean INFO.
 * @param sink - where lines go; default stdout.
 */
export function createLogger(service: string, level: string, sink: Sink = stdoutSink, base: Record<string, unknown> = {}): Logger {
    const threshold = LEVELS[(level in LEVELS ? level : "INFO") as Level];
    const write = (lvl: Level, message: string, fields?: Record<string, unknown>): void => {
        if (LEVELS[lvl] < threshold) return;
        const traceId = process.env._X_AMZN_TRACE_ID;
        sink(
            JSON.stringify({
                level: lvl,
                message,
                service,
                timestamp: new Date().toISOString(),
                ...(traceId ? { xray_trace_id: traceId.split(";")[0].replace("Root=", "") } : {}),
                ...base,
                ...fields,
            }),
        );
    };
    return {
        debug: (m, f) => write("DEBUG", m, f),
        info: (m, f) => write("INFO", m, f),
        warn: (m, f) => write("WARN", m, f),
        error: (m, f) => write("ERROR", m, f),
        child: (fields) => createLogger(service, level, sink, { ...base, ...fields }),
    };
}

/** CloudWatch units used by the API's metrics. */
export type MetricUnit = "Count" | "Milliseconds";

/** Metrics of one invocation, written as one EMF record by {@link Metrics.flush}. */
export interface Metrics {
    add(name: string, unit: MetricUnit, value: number): void;
    /** Writes the record (if any metric was added) and starts over. */
    flush(): void;
}

/**
 * Creates an EMF metrics recorder. Dimensions are few and bounded (service, operation) to keep costs flat.
 *
 * @param namespace - CloudWatch namespace.
 * @param dimensions - dimension values shared by every metric of the record.
 * @param sink - where lines go; default stdout. Set `POWERTOOLS_METRICS_DISABLED=true` to drop them (as Powertools).
 */
export function createMetrics(namespace: string, dimensions: Record<string, string>, sink: Sink = stdoutSink): Metrics {
    let values: Record<string, { unit: MetricUnit; value: number }> = {};
    return {
        add(name, unit, value) {
            values[name] = { unit, value: (values[name]?.value ?? 0) + value };
        },
        flush() {
            const names = Object.keys(values);
            if (names.length > 0 && process.env.POWERTOOLS_METRICS_DISABLED !== "true") {
                const record: Record<string, unknown> = {
                    _aws: {
                        Timestamp: Date.now(),
                        CloudWatchMetrics: [
                            {
                                Namespace: namespace,
                                Dimensions: [Object.keys(dimensions)],
                                Metrics: names.map((n) => ({ Name: n, Unit: values[n].unit })),
                            },
                        ],
                    },
                    ...dimensions,
                };
                for (const n of names) record[n] = values[n].value;
                sink(JSON.stringify(record));
            }
            values = {};
        },
    };
}
