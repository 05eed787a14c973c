"""The overload bench's generator: what it counts as unanswered, against a real local HTTP server over TCP."""
import asyncio
import re
from concurrent.futures import ThreadPoolExecutor

from bench.overload import Pool, prepared, resendable

LENGTH = re.compile(rb"content-length: *(\d+)", re.IGNORECASE)
ANSWER = b"HTTP/1.1 201 Created\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}"


async def read_request(reader: asyncio.StreamReader) -> bool:
    """Read one whole request; False when the client closed the connection."""
    try:
        head = await reader.readuntil(b"\r\n\r\n")
    except asyncio.IncompleteReadError:
        return False
    await reader.readexactly(int(LENGTH.search(head).group(1)))
    return True


def serving(answers_per_connection: int, then: bytes = b""):
    """A server that answers each connection's first requests, then on the next one sends ``then`` (nothing, or
    part of an answer) and closes: a kept-alive connection closed by the server as a request arrived on it."""
    async def handle(reader, writer):
        answered = 0
        while await read_request(reader):
            if answered == answers_per_connection:
                writer.write(then)
                await writer.drain()
                break
            writer.write(ANSWER)
            await writer.drain()
            answered += 1
        writer.close()
        await writer.wait_closed()
    return handle


async def exchange(handle, batches: int) -> Pool:
    """Send one request at a time, ``batches`` times, through one pool; the pool with their outcomes."""
    handlers = []

    async def tracked(reader, writer):
        handlers.append(asyncio.current_task())
        await handle(reader, writer)

    server = await asyncio.start_server(tracked, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    try:
        pool = Pool("127.0.0.1", port)
        for number, request in enumerate(prepared(f"127.0.0.1:{port}", "tp_site", 1, batches), start=1):
            pool.submit(request)
            for _ in range(500):  # at most 5 s for its outcome
                if len(pool.outcomes) == number:
                    break
                await asyncio.sleep(0.01)
        pool.shut()
        await asyncio.wait_for(asyncio.gather(*handlers), 5)  # each connection's server side has closed
        return pool
    finally:
        server.close()
        await server.wait_closed()


def exchanged(handle, batches: int) -> Pool:
    """exchange() on a thread of its own: in the whole suite Playwright's sync API keeps an event loop running on
    the main thread, where asyncio.run() refuses to start another."""
    with ThreadPoolExecutor(max_workers=1) as apart:
        return apart.submit(asyncio.run, exchange(handle, batches)).result()


def test_a_request_whose_kept_alive_connection_closes_before_any_answer_is_resent_once_and_answered():
    pool = exchanged(serving(answers_per_connection=1), batches=2)
    assert [outcome for _, outcome, _ in pool.outcomes] == [201, 201]
    assert pool.resent == 1


def test_a_request_lost_on_a_new_connection_counts_as_unanswered_and_is_not_resent():
    pool = exchanged(serving(answers_per_connection=0), batches=1)
    assert [outcome for _, outcome, _ in pool.outcomes] == ["ConnectionLost"]
    assert pool.resent == 0


def test_a_request_whose_answer_had_begun_counts_as_unanswered_and_is_not_resent():
    pool = exchanged(serving(answers_per_connection=1, then=b"HTTP/1.1 201 Cre"), batches=2)
    assert [outcome for _, outcome, _ in pool.outcomes] == [201, "ConnectionLost"]
    assert pool.resent == 0


def test_a_request_is_resent_at_most_once():
    class Reused:
        answered, buffer = 3, b""

    request = prepared("127.0.0.1:1", "tp_site", 1, 1)[0]
    assert resendable(Reused, request)
    request.resent = True
    assert not resendable(Reused, request)
