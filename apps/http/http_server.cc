#include "apps/http/http_server.h"

#include <algorithm>
#include <atomic>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/write.hpp>
#include <boost/optional.hpp>
#include <chrono>
#include <exception>
#include <iostream>
#include <list>
#include <optional>
#include <stdexcept>
#include <utility>
#include <vector>

#include "apps/http/http_request_reader.h"

namespace chainsim::http {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using tcp = asio::ip::tcp;
using Clock = std::chrono::steady_clock;

// A response body shared between responses (HttpResponse::body): Beast
// writes it straight from the shared string.
struct SharedStringBody {
  using value_type = std::shared_ptr<const std::string>;

  static std::uint64_t size(const value_type& body) { return body ? body->size() : 0; }

  // Beast's BodyWriter concept names the class `writer` and its members
  // `init` and `get`.
  class writer {  // NOLINT(readability-identifier-naming)
   public:
    using const_buffers_type = asio::const_buffer;

    template <bool kIsRequest, class Fields>
    writer(const bhttp::header<kIsRequest, Fields>&, const value_type& body) : body_(body) {}

    void init(beast::error_code& error) {
      error = {};
    }  // NOLINT(readability-convert-member-functions-to-static)

    boost::optional<std::pair<const_buffers_type, bool>> get(beast::error_code& error) {
      error = {};
      if (done_ || !body_ || body_->empty()) return boost::none;
      done_ = true;
      return std::make_pair(asio::const_buffer(body_->data(), body_->size()), false);
    }

   private:
    const value_type& body_;
    bool done_ = false;
  };
};

using Response = bhttp::response<SharedStringBody>;

constexpr std::string_view kContinue = "HTTP/1.1 100 Continue\r\n\r\n";
// Bytes read at once while waiting for a request to start.
constexpr std::size_t kFirstRead = 4096;
// After an error response whose request was not read whole, the input is
// read and dropped for this long so that the client sees the response
// instead of a reset connection.
constexpr auto kLingerTime = std::chrono::milliseconds(1000);

bool IsOutOfResources(const beast::error_code& error) {
  return error == asio::error::no_descriptors || error == asio::error::no_buffer_space ||
         error == asio::error::no_memory || error.value() == ENFILE;
}

}  // namespace

class Session;

struct HttpServer::Impl {
  Impl(ServerOptions server_options, Handler request_handler, IsLong long_request)
      : options(server_options),
        handler(std::move(request_handler)),
        is_long(std::move(long_request)),
        quick(std::max<std::size_t>(1, options.worker_threads)),
        slow(std::max<std::size_t>(1, options.long_request_threads)) {}

  void Accept();
  void OnAccept(const beast::error_code& error, tcp::socket socket);
  void BeginShutdown();
  void ForceClose();
  void MaybeFinishShutdown();

  const ServerOptions options;
  const Handler handler;
  const IsLong is_long;

  // Touched on the I/O thread only (declared before the io_context, so
  // that they outlive the handlers it destroys).
  std::list<Session*> sessions;  // every session not yet destroyed
  std::list<Session*> waiting;   // sessions waiting for their request, oldest first
  std::size_t open = 0;          // sessions not closed
  std::size_t in_handlers = 0;   // requests handed to a worker, not yet answered
  bool stopping = false;

  asio::io_context io{1};
  std::optional<asio::executor_work_guard<asio::io_context::executor_type>> work;
  tcp::acceptor acceptor{io};
  asio::steady_timer accept_retry{io};
  asio::steady_timer grace{io};
  // Declared last: joined first when the server is destroyed.
  asio::thread_pool quick;
  asio::thread_pool slow;
};

// One client connection; lives while an operation or a handler holds it.
// Every method runs on the I/O thread, except what Dispatch() posts.
class Session : public std::enable_shared_from_this<Session> {
 public:
  Session(HttpServer::Impl& server, tcp::socket socket)
      : server_(server),
        stream_(std::move(socket)),
        buffer_(server.options.max_header_bytes + 65536) {
    beast::error_code ignored;
    stream_.socket().set_option(tcp::no_delay(true), ignored);
    const tcp::endpoint remote = stream_.socket().remote_endpoint(ignored);
    remote_ = remote.address().to_string(ignored);
    self_in_list_ = server_.sessions.insert(server_.sessions.end(), this);
    ++server_.open;
  }

  ~Session() {
    LeaveWaiting();
    server_.sessions.erase(self_in_list_);
  }

  Session(const Session&) = delete;
  Session& operator=(const Session&) = delete;

  void Start() { AwaitRequest(); }

  // Closes the connection; pending operations end with operation_aborted.
  void Close() {
    if (closed_) return;
    closed_ = true;
    LeaveWaiting();
    beast::error_code ignored;
    stream_.socket().shutdown(tcp::socket::shutdown_both, ignored);
    stream_.close();
    --server_.open;
    server_.MaybeFinishShutdown();
  }

  // Called on a worker thread's result, on the I/O thread.
  void Respond(HttpResponse response) {
    if (closed_) return;
    Log(response.status);
    const bool keep_alive = keep_alive_ && !response.close && !server_.stopping;
    response_ = std::make_shared<Response>();
    response_->version(version_);
    response_->result(static_cast<unsigned>(response.status));
    response_->set(bhttp::field::server, "chainsim");
    response_->set(bhttp::field::content_type, response.content_type);
    for (const auto& [name, value] : response.headers) response_->set(name, value);
    response_->keep_alive(keep_alive);
    response_->content_length(response.body->size());
    if (!head_) response_->body() = std::move(response.body);
    stream_.expires_after(server_.options.write_timeout);
    bhttp::async_write(
        stream_, *response_,
        [self = shared_from_this(), keep_alive](const beast::error_code& error, std::size_t) {
          self->OnWritten(error, keep_alive);
        });
  }

 private:
  void EnterWaiting() {
    if (!waiting_) waiting_ = server_.waiting.insert(server_.waiting.end(), this);
  }
  void LeaveWaiting() {
    if (waiting_) server_.waiting.erase(*waiting_);
    waiting_.reset();
  }

  void AwaitRequest() {
    if (server_.stopping) return Close();
    EnterWaiting();
    parser_.emplace();
    ConfigureRequestParser(*parser_, server_.options);
    if (buffer_.size() > 0) {  // the next request is already here (pipelined)
      request_deadline_ = Clock::now() + server_.options.request_timeout;
      return ReadHeader();
    }
    stream_.expires_after(server_.options.idle_timeout);
    stream_.async_read_some(
        buffer_.prepare(kFirstRead),
        [self = shared_from_this()](const beast::error_code& error, std::size_t bytes) {
          self->OnFirstBytes(error, bytes);
        });
  }

  void OnFirstBytes(const beast::error_code& error, std::size_t bytes) {
    if (closed_) return;
    if (error) return Close();  // idle too long, or the client went away
    buffer_.commit(bytes);
    request_deadline_ = Clock::now() + server_.options.request_timeout;
    ReadHeader();
  }

  void ReadHeader() {
    stream_.expires_at(request_deadline_);
    bhttp::async_read_header(stream_, buffer_, *parser_,
                             [self = shared_from_this()](const beast::error_code& error,
                                                         std::size_t) { self->OnHeader(error); });
  }

  void OnHeader(const beast::error_code& error) {
    if (closed_) return;
    if (error) return Fail(error);
    const auto expect = parser_->get().find(bhttp::field::expect);
    if (expect != parser_->get().end() && beast::iequals(expect->value(), "100-continue") &&
        !parser_->is_done()) {
      stream_.expires_at(request_deadline_);
      asio::async_write(
          stream_, asio::buffer(kContinue.data(), kContinue.size()),
          [self = shared_from_this()](const beast::error_code& write_error, std::size_t) {
            if (self->closed_) return;
            if (write_error) return self->Close();
            self->ReadBody();
          });
      return;
    }
    ReadBody();
  }

  void ReadBody() {
    if (parser_->is_done()) return Dispatch();
    stream_.expires_at(request_deadline_);
    bhttp::async_read(stream_, buffer_, *parser_,
                      [self = shared_from_this()](const beast::error_code& error, std::size_t) {
                        if (self->closed_) return;
                        if (error) return self->Fail(error);
                        self->Dispatch();
                      });
  }

  // Reading the request failed: answer if there is something to say.
  void Fail(const beast::error_code& error) {
    LeaveWaiting();
    std::optional<HttpResponse> response = ResponseForReadError(error, server_.options);
    if (!response) return Close();
    linger_ = true;
    keep_alive_ = false;
    head_ = false;
    method_ = "-";
    path_ = "-";
    Respond(std::move(*response));
  }

  void Dispatch() {
    LeaveWaiting();
    keep_alive_ = parser_->get().keep_alive();
    version_ = parser_->get().version() == 10 ? 10 : 11;
    HttpRequest request = TakeRequest(*parser_);
    parser_.reset();
    head_ = request.method == "HEAD";
    method_ = request.method;
    path_ = request.Path();
    asio::thread_pool& pool = server_.is_long(request) ? server_.slow : server_.quick;
    ++server_.in_handlers;
    asio::post(pool, [self = shared_from_this(), request = std::move(request)]() mutable {
      HttpResponse response;
      try {
        response = self->server_.handler(request);
      } catch (const std::exception& e) {
        response = ErrorResponse(500, std::string("internal error: ") + e.what());
      } catch (...) {
        response = ErrorResponse(500, "internal error");
      }
      asio::io_context& io = self->server_.io;
      // `self` moves along, so the session is never destroyed on a worker.
      asio::post(io, [self = std::move(self), response = std::move(response)]() mutable {
        --self->server_.in_handlers;
        self->Respond(std::move(response));
        self->server_.MaybeFinishShutdown();
      });
    });
  }

  void OnWritten(const beast::error_code& error, bool keep_alive) {
    response_.reset();
    if (closed_) return;
    if (error) return Close();
    if (keep_alive) return AwaitRequest();
    beast::error_code ignored;
    stream_.socket().shutdown(tcp::socket::shutdown_send, ignored);
    if (!linger_) return Close();
    stream_.expires_after(kLingerTime);
    Drain();
  }

  // Reads and drops input until the client closes or kLingerTime passes.
  void Drain() {
    buffer_.clear();
    stream_.async_read_some(
        buffer_.prepare(kFirstRead),
        [self = shared_from_this()](const beast::error_code& error, std::size_t) {
          if (self->closed_) return;
          if (error) return self->Close();
          self->Drain();
        });
  }

  void Log(int status) const {
    std::cerr << remote_ << " " << method_ << " " << path_ << " " << status << "\n";
  }

  HttpServer::Impl& server_;
  beast::tcp_stream stream_;
  beast::flat_buffer buffer_;
  std::optional<RequestParser> parser_;
  std::shared_ptr<Response> response_;  // while it is being written
  Clock::time_point request_deadline_;
  std::list<Session*>::iterator self_in_list_;
  std::optional<std::list<Session*>::iterator> waiting_;
  std::string remote_;
  std::string method_;
  std::string path_;
  unsigned version_ = 11;
  bool keep_alive_ = false;
  bool head_ = false;
  bool linger_ = false;
  bool closed_ = false;
};

void HttpServer::Impl::Accept() {
  acceptor.async_accept(io, [this](const beast::error_code& error, tcp::socket socket) {
    OnAccept(error, std::move(socket));
  });
}

void HttpServer::Impl::OnAccept(const beast::error_code& error, tcp::socket socket) {
  if (stopping || error == asio::error::operation_aborted) return;
  if (error) {
    if (IsOutOfResources(error)) {
      // Out of file descriptors: free one and try again shortly.
      if (!waiting.empty()) waiting.front()->Close();
      accept_retry.expires_after(std::chrono::milliseconds(50));
      accept_retry.async_wait([this](const beast::error_code& wait_error) {
        if (!wait_error && !stopping) Accept();
      });
      return;
    }
    return Accept();  // e.g. the client reset the connection before we took it
  }
  if (open >= options.max_connections) {
    if (waiting.empty()) {
      beast::error_code ignored;
      socket.close(ignored);  // every connection is being answered: refuse this one
      return Accept();
    }
    waiting.front()->Close();
  }
  try {
    std::make_shared<Session>(*this, std::move(socket))->Start();
  } catch (const std::exception& e) {
    std::cerr << "chainsim node: cannot take a connection: " << e.what() << "\n";
  }
  Accept();
}

void HttpServer::Impl::BeginShutdown() {
  if (stopping) return;
  stopping = true;
  beast::error_code ignored;
  acceptor.close(ignored);
  accept_retry.cancel();
  const std::vector<Session*> idle(waiting.begin(), waiting.end());
  for (Session* session : idle) session->Close();
  grace.expires_after(options.shutdown_grace);
  grace.async_wait([this](const beast::error_code& error) {
    if (!error) ForceClose();
  });
  MaybeFinishShutdown();
}

void HttpServer::Impl::ForceClose() {
  const std::vector<Session*> all(sessions.begin(), sessions.end());
  for (Session* session : all) session->Close();
  MaybeFinishShutdown();
}

void HttpServer::Impl::MaybeFinishShutdown() {
  if (!stopping || open != 0 || in_handlers != 0) return;
  grace.cancel();
  work.reset();  // io.run() returns once the last handlers are done
}

HttpServer::HttpServer(ServerOptions options, Handler handler, IsLong is_long)
    : impl_(std::make_unique<Impl>(options, std::move(handler), std::move(is_long))) {}

HttpServer::~HttpServer() = default;

int HttpServer::Bind(const std::string& host, int port) {
  const std::string where = host + ":" + std::to_string(port);
  try {
    tcp::resolver resolver(impl_->io);
    const auto endpoints = resolver.resolve(host, std::to_string(port), tcp::resolver::passive);
    if (endpoints.empty()) throw std::runtime_error("cannot listen on " + where + ": no address");
    const tcp::endpoint endpoint = *endpoints.begin();
    tcp::acceptor& acceptor = impl_->acceptor;
    acceptor.open(endpoint.protocol());
    acceptor.set_option(asio::socket_base::reuse_address(true));
    acceptor.bind(endpoint);
    acceptor.listen(impl_->options.listen_backlog);
    return acceptor.local_endpoint().port();
  } catch (const boost::system::system_error& e) {
    throw std::runtime_error("cannot listen on " + where + ": " + e.code().message());
  }
}

void HttpServer::Run() {
  Impl& impl = *impl_;
  impl.work.emplace(impl.io.get_executor());
  asio::post(impl.io, [&impl] {
    if (!impl.stopping) impl.Accept();
  });
  for (;;) {
    try {
      impl.io.run();
      break;
    } catch (const std::exception& e) {
      // A bug, never a client's doing: say so and keep serving.
      std::cerr << "chainsim node: internal error: " << e.what() << "\n";
    }
  }
  impl.quick.join();
  impl.slow.join();
}

void HttpServer::Stop() {
  Impl& impl = *impl_;
  asio::post(impl.io, [&impl] { impl.BeginShutdown(); });
}

}  // namespace chainsim::http
