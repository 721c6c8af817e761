package org.strata.ipmi.lan;

import java.net.DatagramSocket;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.strata.spi.DriverException;
import org.strata.spi.Fault;
import org.strata.spi.Reasons;

/**
 * The driver's bounded pool of UDP sockets, shared by every BMC session. A request/response exchange borrows
 * one socket and gives it back, so a fleet of N BMCs costs at most {@code size} sockets and no thread at all
 * (ipmi-java's connector costs four threads each). A BMC answers to the port a request came from, so any
 * socket serves any session; a late answer left on a socket is discarded by the next borrower, who matches
 * answers by session id and sequence number.
 */
public final class DatagramPool implements AutoCloseable {

    private final Semaphore permits;
    private final BlockingQueue<DatagramSocket> idle;
    private final List<DatagramSocket> all = new ArrayList<>();
    private final int size;
    private boolean closed;

    public DatagramPool(int size) {
        this.size = size;
        this.permits = new Semaphore(size, true);
        this.idle = new ArrayBlockingQueue<>(size);
    }

    public int size() {
        return size;
    }

    /** A socket for one exchange; waits at most {@code waitMs} for one to be free. */
    DatagramSocket borrow(long waitMs) {
        try {
            if (!permits.tryAcquire(Math.max(waitMs, 1), TimeUnit.MILLISECONDS)) {
                throw new DriverException(
                        Fault.UNREACHABLE,
                        "all " + size + " IPMI sockets stayed busy for " + waitMs
                                + " ms (too many BMC requests at once)");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DriverException(Fault.DRIVER_FAILURE, "interrupted while waiting for an IPMI socket");
        }
        DatagramSocket socket = idle.poll();
        if (socket != null) {
            return socket;
        }
        try {
            synchronized (this) {
                if (closed) {
                    throw new DriverException(Fault.DRIVER_FAILURE, "the IPMI driver is stopping");
                }
                socket = new DatagramSocket();
                all.add(socket);
            }
            return socket;
        } catch (SocketException e) {
            permits.release();
            throw new DriverException(Fault.DRIVER_FAILURE, "cannot open a UDP socket: " + Reasons.of(e), e);
        } catch (RuntimeException e) {
            permits.release();
            throw e;
        }
    }

    void giveBack(DatagramSocket socket) {
        if (!idle.offer(socket)) {
            socket.close();
        }
        permits.release();
    }

    @Override
    public synchronized void close() {
        closed = true;
        all.forEach(DatagramSocket::close);
        all.clear();
        idle.clear();
    }
}
