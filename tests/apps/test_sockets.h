#pragma once
// Test helpers: raw TCP clients (to send what no HTTP library would: half
// requests, trickles, floods) and ScriptedPeer, a loopback TCP server whose
// connections each run a test-given script (to play a hostile peer).

#include <atomic>
#include <chrono>
#include <functional>
#include <list>
#include <mutex>
#include <stop_token>
#include <string>
#include <string_view>
#include <thread>

namespace chainsim::http::testing {

// A connected socket to 127.0.0.1:port, closed on destruction.
class RawConnection {
 public:
  // Connects (blocking). fd() is -1 when the connection failed.
  explicit RawConnection(int port);
  ~RawConnection();
  RawConnection(RawConnection&& other) noexcept;
  RawConnection& operator=(RawConnection&&) = delete;
  RawConnection(const RawConnection&) = delete;
  RawConnection& operator=(const RawConnection&) = delete;

  int fd() const { return fd_; }
  bool ok() const { return fd_ >= 0; }
  // Sends all of `bytes`; false when the peer closed or reset.
  bool Send(std::string_view bytes);
  // Reads one HTTP response (headers and a Content-Length body), waiting at
  // most `limit` in all. Returns what arrived ("" when nothing did).
  std::string ReadResponse(std::chrono::milliseconds limit);
  // True when the server closed the connection within `limit` (a read
  // returned end of file or a reset); data arriving first is dropped.
  bool ClosedWithin(std::chrono::milliseconds limit);

 private:
  int fd_ = -1;
  std::string pending_;  // bytes read past the last response
};

// The status code of a raw response ("HTTP/1.1 413 ..."), or 0.
int StatusOf(std::string_view response);
// The body of a raw response (after the blank line).
std::string BodyOf(std::string_view response);

// A TCP server on a free loopback port. Every accepted connection runs
// `script(fd, stop)` on a thread of its own; the destructor requests stop,
// shuts every socket down and joins the threads.
class ScriptedPeer {
 public:
  using Script = std::function<void(int fd, std::stop_token stop)>;
  explicit ScriptedPeer(Script script);
  ~ScriptedPeer();
  ScriptedPeer(const ScriptedPeer&) = delete;
  ScriptedPeer& operator=(const ScriptedPeer&) = delete;

  int port() const { return port_; }
  // "127.0.0.1:<port>" followed by `path`.
  std::string address(const std::string& path = "") const;
  int connections() const { return connections_.load(); }

 private:
  Script script_;
  int listen_fd_ = -1;
  int port_ = 0;
  std::atomic<int> connections_{0};
  std::mutex mutex_;
  std::list<int> open_fds_;          // guarded by mutex_
  std::list<std::jthread> threads_;  // guarded by mutex_
  std::jthread acceptor_;
};

// A whole HTTP/1.1 response with a Content-Length.
std::string HttpReply(int status, std::string_view content_type, std::string_view body);
// A 200 application/json response carrying `body`.
std::string OkReply(std::string_view body);
// A script that reads the request's head, sends `reply` and ends.
ScriptedPeer::Script Answering(std::string reply);
// The same, but only for "GET <path>"; any other request gets a 404.
ScriptedPeer::Script AnsweringAt(std::string path, std::string reply);

// For scripts: reads until the end of the request's headers (a blank line),
// the peer closes, or `stop`. Returns what was read.
std::string ReadRequestHead(int fd, const std::stop_token& stop);
// For scripts: sends all of `bytes`; false on error.
bool SendAll(int fd, std::string_view bytes);
// For scripts: sends `bytes` one byte every `interval` until done or
// `stop`; false on error or stop.
bool Trickle(int fd, std::string_view bytes, std::chrono::milliseconds interval,
             const std::stop_token& stop);

// Peak resident memory of process `pid` (VmHWM), in KiB; 0 if unknown.
long PeakMemoryKiB(int pid);

}  // namespace chainsim::http::testing
