package org.strata.ws.sse;

import java.io.IOException;
import java.util.concurrent.TimeUnit;

/**
 * What every stream sends one client, whatever it streams: {@code : connected}, what the stream sends first (a
 * replay, a snapshot), then the items of its {@link Feed} as they come, a keep-alive comment when nothing came for
 * a while, and a final comment that says why the stream ends. Run by {@link EventStreamServlet} on the stream's own
 * thread.
 */
public abstract class LiveStream<T> {

    /** Where a stream writes: one SSE client. Any IOException means the client is gone. */
    public interface Sink {
        /**
         * One message.
         *
         * @param id   the {@code id:} line, or null for none
         * @param data written as JSON on one line
         */
        void message(String id, String event, Object data) throws IOException;

        void comment(String text) throws IOException;

        void flush() throws IOException;
    }

    private final Feed<T> live;
    private final long keepAliveMillis;

    /** @param live taken before the stream starts, so that nothing happening while it starts is missed */
    protected LiveStream(Feed<T> live, long keepAliveMillis) {
        this.live = live;
        this.keepAliveMillis = keepAliveMillis;
    }

    /** Writes until the feed ends or the client goes; returns why it ended. */
    public final Feed.End run(Sink sink) throws IOException, InterruptedException {
        sink.comment("connected");
        sink.flush();
        first(sink);
        while (true) {
            T next = live.poll(keepAliveMillis, TimeUnit.MILLISECONDS);
            if (next == null) {
                Feed.End end = live.end();
                if (end != null) {
                    sink.comment(farewell(end));
                    sink.flush();
                    return end;
                }
                sink.comment("keep-alive");
                sink.flush();
                continue;
            }
            send(sink, next);
            // Write what is queued, then flush once: a burst costs one flush, not one per item.
            T more;
            while ((more = live.poll(0, TimeUnit.MILLISECONDS)) != null) {
                send(sink, more);
            }
            sink.flush();
        }
    }

    /** Ends the stream from outside (client gone, server stopping): {@link #run} returns at its next wake-up. */
    public final void close(Feed.End why) {
        live.close(why);
    }

    protected final Feed<T> live() {
        return live;
    }

    /** What is sent after {@code : connected} and before the live items; nothing by default. */
    protected void first(Sink sink) throws IOException {}

    protected abstract void send(Sink sink, T item) throws IOException;

    /** The last comment, telling the client why the stream ends and how to go on. */
    protected abstract String farewell(Feed.End end);
}
