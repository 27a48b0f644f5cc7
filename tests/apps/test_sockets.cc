#include "tests/apps/test_sockets.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <fstream>
#include <utility>

namespace chainsim::http::testing {
namespace {

using Clock = std::chrono::steady_clock;

int WaitReadable(int fd, Clock::time_point deadline) {
  const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
  if (left.count() <= 0) return 0;
  pollfd poll_fd{fd, POLLIN, 0};
  return poll(&poll_fd, 1, static_cast<int>(std::min<long long>(left.count(), 100)));
}

// Content-Length of a response head, or 0.
std::size_t ContentLength(std::string_view head) {
  std::string lower(head);
  std::transform(lower.begin(), lower.end(), lower.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  const std::size_t at = lower.find("\r\ncontent-length:");
  if (at == std::string::npos) return 0;
  return static_cast<std::size_t>(std::strtoull(lower.c_str() + at + 17, nullptr, 10));
}

}  // namespace

RawConnection::RawConnection(int port) {
  fd_ = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd_ < 0) return;
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  address.sin_port = htons(static_cast<std::uint16_t>(port));
  const int one = 1;
  setsockopt(fd_, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  if (connect(fd_, reinterpret_cast<const sockaddr*>(&address), sizeof address) != 0) {
    close(fd_);
    fd_ = -1;
  }
}

RawConnection::~RawConnection() {
  if (fd_ >= 0) close(fd_);
}

RawConnection::RawConnection(RawConnection&& other) noexcept
    : fd_(std::exchange(other.fd_, -1)), pending_(std::move(other.pending_)) {}

bool RawConnection::Send(std::string_view bytes) { return SendAll(fd_, bytes); }

std::string RawConnection::ReadResponse(std::chrono::milliseconds limit) {
  const Clock::time_point deadline = Clock::now() + limit;
  std::string& data = pending_;
  for (;;) {
    const std::size_t head_end = data.find("\r\n\r\n");
    if (head_end != std::string::npos) {
      const std::size_t total =
          head_end + 4 + ContentLength(std::string_view(data).substr(0, head_end));
      if (data.size() >= total) {
        std::string response = data.substr(0, total);
        data.erase(0, total);
        return response;
      }
    }
    if (Clock::now() >= deadline) break;
    const int ready = WaitReadable(fd_, deadline);
    if (ready < 0) break;
    if (ready == 0) continue;
    char buffer[65536];
    const ssize_t n = recv(fd_, buffer, sizeof buffer, 0);
    if (n <= 0) break;
    data.append(buffer, static_cast<std::size_t>(n));
  }
  return std::exchange(data, std::string());
}

bool RawConnection::ClosedWithin(std::chrono::milliseconds limit) {
  const Clock::time_point deadline = Clock::now() + limit;
  while (Clock::now() < deadline) {
    const int ready = WaitReadable(fd_, deadline);
    if (ready < 0) return true;
    if (ready == 0) continue;
    char buffer[4096];
    const ssize_t n = recv(fd_, buffer, sizeof buffer, 0);
    if (n <= 0) return true;
  }
  return false;
}

int StatusOf(std::string_view response) {
  if (!response.starts_with("HTTP/1.") || response.size() < 12) return 0;
  return std::atoi(std::string(response.substr(9, 3)).c_str());
}

std::string BodyOf(std::string_view response) {
  const std::size_t at = response.find("\r\n\r\n");
  return at == std::string_view::npos ? std::string() : std::string(response.substr(at + 4));
}

ScriptedPeer::ScriptedPeer(Script script) : script_(std::move(script)) {
  listen_fd_ = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t size = sizeof address;
  if (bind(listen_fd_, reinterpret_cast<sockaddr*>(&address), size) != 0 ||
      listen(listen_fd_, 256) != 0 ||
      getsockname(listen_fd_, reinterpret_cast<sockaddr*>(&address), &size) != 0) {
    return;
  }
  port_ = ntohs(address.sin_port);
  acceptor_ = std::jthread([this](std::stop_token stop) {
    while (!stop.stop_requested()) {
      pollfd poll_fd{listen_fd_, POLLIN, 0};
      if (poll(&poll_fd, 1, 20) <= 0) continue;
      const int fd = accept4(listen_fd_, nullptr, nullptr, SOCK_CLOEXEC);
      if (fd < 0) continue;
      ++connections_;
      std::lock_guard lock(mutex_);
      open_fds_.push_back(fd);
      threads_.emplace_back([this, fd](std::stop_token script_stop) {
        script_(fd, script_stop);
        shutdown(fd, SHUT_RDWR);  // the peer sees the end; closed by the destructor
      });
    }
  });
}

ScriptedPeer::~ScriptedPeer() {
  if (acceptor_.joinable()) {
    acceptor_.request_stop();
    acceptor_.join();
  }
  std::list<std::jthread> threads;
  {
    std::lock_guard lock(mutex_);
    for (std::jthread& thread : threads_) thread.request_stop();
    for (const int fd : open_fds_) shutdown(fd, SHUT_RDWR);
    threads = std::move(threads_);
  }
  threads.clear();  // joins
  for (const int fd : open_fds_) close(fd);
  if (listen_fd_ >= 0) close(listen_fd_);
}

std::string ScriptedPeer::address(const std::string& path) const {
  return "127.0.0.1:" + std::to_string(port_) + path;
}

std::string HttpReply(int status, std::string_view content_type, std::string_view body) {
  return "HTTP/1.1 " + std::to_string(status) +
         " Reply\r\nContent-Type: " + std::string(content_type) +
         "\r\nContent-Length: " + std::to_string(body.size()) + "\r\nConnection: close\r\n\r\n" +
         std::string(body);
}

std::string OkReply(std::string_view body) { return HttpReply(200, "application/json", body); }

ScriptedPeer::Script Answering(std::string reply) {
  return [reply = std::move(reply)](int fd, std::stop_token stop) {
    ReadRequestHead(fd, stop);
    SendAll(fd, reply);
  };
}

ScriptedPeer::Script AnsweringAt(std::string path, std::string reply) {
  return [path = std::move(path), reply = std::move(reply)](int fd, std::stop_token stop) {
    const std::string head = ReadRequestHead(fd, stop);
    SendAll(fd, head.starts_with("GET " + path + " ") ? reply
                                                      : HttpReply(404, "text/plain", "not found"));
  };
}

std::string ReadRequestHead(int fd, const std::stop_token& stop) {
  std::string head;
  while (!stop.stop_requested() && head.find("\r\n\r\n") == std::string::npos) {
    pollfd poll_fd{fd, POLLIN, 0};
    const int ready = poll(&poll_fd, 1, 20);
    if (ready < 0) break;
    if (ready == 0) continue;
    char buffer[4096];
    const ssize_t n = recv(fd, buffer, sizeof buffer, 0);
    if (n <= 0) break;
    head.append(buffer, static_cast<std::size_t>(n));
  }
  return head;
}

bool SendAll(int fd, std::string_view bytes) {
  while (!bytes.empty()) {
    const ssize_t n = send(fd, bytes.data(), bytes.size(), MSG_NOSIGNAL);
    if (n <= 0) return false;
    bytes.remove_prefix(static_cast<std::size_t>(n));
  }
  return true;
}

bool Trickle(int fd, std::string_view bytes, std::chrono::milliseconds interval,
             const std::stop_token& stop) {
  for (const char c : bytes) {
    if (stop.stop_requested() || !SendAll(fd, std::string_view(&c, 1))) return false;
    const Clock::time_point next = Clock::now() + interval;
    while (Clock::now() < next) {
      if (stop.stop_requested()) return false;
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
  }
  return true;
}

long PeakMemoryKiB(int pid) {
  std::ifstream status("/proc/" + std::to_string(pid) + "/status");
  std::string line;
  while (std::getline(status, line)) {
    if (line.starts_with("VmHWM:")) return std::atol(line.c_str() + 6);
  }
  return 0;
}

}  // namespace chainsim::http::testing
