#include "apps/http/peer_client.h"

#include <netdb.h>
#include <sys/socket.h>

#include <algorithm>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/address.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/beast/core/error.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/empty_body.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/http/write.hpp>
#include <chrono>
#include <cstdint>
#include <cstring>
#include <functional>
#include <limits>
#include <mutex>
#include <optional>
#include <thread>
#include <unordered_map>
#include <utility>

#include "core/chain_json.h"
#include "core/sha256.h"

namespace chainsim::http {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using tcp = asio::ip::tcp;
using Clock = std::chrono::steady_clock;

// Where to connect for a stored address, and what to ask for.
struct PeerTarget {
  std::string host;  // a name or an IP address (without brackets)
  std::string port;
  std::string host_header;  // "host:port" as stored
  std::string path;         // "/chain", or "/prefix/chain"
};

bool IsPort(std::string_view text) {
  if (text.empty() || text.size() > 5) return false;
  if (!std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; })) {
    return false;
  }
  const int port = std::stoi(std::string(text));
  return port >= 1 && port <= 65535;
}

// Percent-encodes what may not appear in a request target, as requests'
// requote_uri does; '%' is kept, so an encoded path stays as given.
std::string QuoteTarget(std::string_view path) {
  static constexpr std::string_view kAllowed =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~!$&'()*+,;=:@/%";
  static constexpr std::string_view kHex = "0123456789ABCDEF";
  std::string out;
  for (const char c : path) {
    if (kAllowed.find(c) != std::string_view::npos) {
      out += c;
    } else {
      const auto byte = static_cast<unsigned char>(c);
      out += '%';
      out += kHex[byte >> 4];
      out += kHex[byte & 15];
    }
  }
  return out;
}

// Splits a stored address "host[:port][/path]" (host may be "[v6]").
std::optional<PeerTarget> TargetOf(const std::string& node) {
  const std::size_t slash = node.find('/');
  const std::string netloc = node.substr(0, slash);
  std::string prefix = slash == std::string::npos ? "" : node.substr(slash);
  while (!prefix.empty() && prefix.back() == '/') prefix.pop_back();
  PeerTarget target;
  target.host_header = netloc;
  target.path = QuoteTarget(prefix + "/chain");
  std::string_view rest;
  if (netloc.starts_with('[')) {
    const std::size_t close = netloc.find(']');
    if (close == std::string::npos) return std::nullopt;
    target.host = netloc.substr(1, close - 1);
    rest = std::string_view{netloc}.substr(close + 1);
    if (!rest.empty() && rest.front() != ':') return std::nullopt;
  } else {
    const std::size_t colon = netloc.find(':');
    if (colon != netloc.rfind(':')) return std::nullopt;
    target.host = netloc.substr(0, colon);
    if (colon != std::string::npos) rest = std::string_view{netloc}.substr(colon);
  }
  if (!rest.empty()) rest.remove_prefix(1);  // the ':'
  target.port = rest.empty() ? "80" : std::string(rest);
  const bool host_ok =
      !target.host.empty() && std::none_of(target.host.begin(), target.host.end(), [](char c) {
        return static_cast<unsigned char>(c) <= ' ' || c == 0x7f;
      });
  if (!host_ok || !IsPort(target.port)) return std::nullopt;
  return target;
}

std::string Ms(std::chrono::milliseconds duration) {
  return std::to_string(duration.count()) + " ms";
}

// A host name looked up on a thread of its own, so that a slow resolver
// never holds the fetch past its deadline: the fetch polls the result and
// abandons the thread (which only touches this shared state) if it is late.
struct Lookup {
  std::mutex mutex;
  bool done = false;                     // guarded by mutex
  std::string error;                     // guarded by mutex; empty on success
  std::vector<tcp::endpoint> endpoints;  // guarded by mutex

  static void Start(const std::shared_ptr<Lookup>& lookup, std::string host, std::string port) {
    std::thread([lookup, host = std::move(host), port = std::move(port)] {
      addrinfo hints{};
      hints.ai_family = AF_UNSPEC;
      hints.ai_socktype = SOCK_STREAM;
      addrinfo* list = nullptr;
      const int code = getaddrinfo(host.c_str(), port.c_str(), &hints, &list);
      std::vector<tcp::endpoint> found;
      for (addrinfo* at = code == 0 ? list : nullptr; at != nullptr; at = at->ai_next) {
        if (at->ai_addrlen > sizeof(sockaddr_storage)) continue;
        tcp::endpoint endpoint;
        std::memcpy(endpoint.data(), at->ai_addr, at->ai_addrlen);
        endpoint.resize(at->ai_addrlen);
        found.push_back(endpoint);
      }
      if (list != nullptr) freeaddrinfo(list);
      std::lock_guard lock(lookup->mutex);
      lookup->done = true;
      lookup->endpoints = std::move(found);
      if (code != 0) lookup->error = gai_strerror(code);
    }).detach();
  }
};

// Bytes read from a peer at once.
constexpr std::size_t kReadSize = 65536;

// One fetch's outcome before its body is parsed.
struct Slot {
  bool finished = false;  // the exchange ended (well or not)
  bool has_body = false;  // a 200 reply was received whole: `body` holds it
  std::string body;
};

// GET /chain from one peer, on the caller's io_context.
class FetchOperation : public std::enable_shared_from_this<FetchOperation> {
 public:
  FetchOperation(asio::io_context& io, const PeerClientOptions& options, ReplyMemory& memory,
                 Clock::time_point call_deadline, PeerFetch& fetch, Slot& slot,
                 std::function<void()> on_finish)
      : options_(options),
        memory_(memory),
        call_deadline_(call_deadline),
        fetch_(fetch),
        slot_(slot),
        on_finish_(std::move(on_finish)),
        stream_(io),
        lookup_timer_(io) {
    const Clock::time_point now = Clock::now();
    deadline_ = std::min(now + options.peer_timeout, call_deadline);
    connect_deadline_ = std::min(now + options.connect_timeout, deadline_);
  }

  void Start() {
    const std::optional<PeerTarget> target = TargetOf(fetch_.node);
    if (!target) return Finish(FetchStatus::kUnreachable, "not a usable address");
    target_ = *target;
    fetch_.memory = std::make_shared<ReplyMemory::Hold>(memory_);
    beast::error_code error;
    const asio::ip::address address = asio::ip::make_address(target_.host, error);
    if (!error) {
      return Connect({tcp::endpoint(address, static_cast<std::uint16_t>(std::stoi(target_.port)))});
    }
    lookup_ = std::make_shared<Lookup>();
    try {
      Lookup::Start(lookup_, target_.host, target_.port);
    } catch (const std::exception& e) {
      return Finish(FetchStatus::kUnreachable, std::string("cannot look up the host: ") + e.what());
    }
    PollLookup();
  }

 private:
  enum class Limit { kConnect, kRead, kPeer, kCall };

  // The earliest deadline that applies now to a read or write, and which.
  Clock::time_point ArmRead() {
    const Clock::time_point pause = Clock::now() + options_.read_timeout;
    armed_ = Limit::kRead;
    Clock::time_point at = pause;
    if (deadline_ <= at) {
      at = deadline_;
      armed_ = deadline_ == call_deadline_ ? Limit::kCall : Limit::kPeer;
    }
    return at;
  }

  std::string Late() const {
    switch (armed_) {
      case Limit::kConnect:
        return "no connection within " + Ms(options_.connect_timeout);
      case Limit::kRead:
        return "reply stalled longer than " + Ms(options_.read_timeout);
      case Limit::kPeer:
        return "no complete reply within " + Ms(options_.peer_timeout);
      case Limit::kCall:
        return "resolve time limit of " + Ms(options_.resolve_timeout) + " reached";
    }
    return "timeout";
  }

  void PollLookup() {
    std::vector<tcp::endpoint> endpoints;
    {
      std::lock_guard lock(lookup_->mutex);
      if (lookup_->done) {
        if (!lookup_->error.empty() || lookup_->endpoints.empty()) {
          return Finish(FetchStatus::kUnreachable,
                        "cannot look up '" + target_.host +
                            "': " + (lookup_->error.empty() ? "no address" : lookup_->error));
        }
        endpoints = lookup_->endpoints;
      }
    }
    if (!endpoints.empty()) return Connect(std::move(endpoints));
    if (Clock::now() >= connect_deadline_) {
      armed_ = connect_deadline_ == deadline_
                   ? (deadline_ == call_deadline_ ? Limit::kCall : Limit::kPeer)
                   : Limit::kConnect;
      return Finish(FetchStatus::kUnreachable, "host name lookup: " + Late());
    }
    lookup_timer_.expires_after(std::chrono::milliseconds(5));
    lookup_timer_.async_wait([self = shared_from_this()](const beast::error_code& error) {
      if (!error) self->PollLookup();
    });
  }

  void Connect(std::vector<tcp::endpoint> endpoints) {
    armed_ = Limit::kConnect;
    if (connect_deadline_ == deadline_) {
      armed_ = deadline_ == call_deadline_ ? Limit::kCall : Limit::kPeer;
    }
    stream_.expires_at(connect_deadline_);
    endpoints_ = std::move(endpoints);
    stream_.async_connect(
        endpoints_, [self = shared_from_this()](const beast::error_code& error,
                                                const tcp::endpoint&) { self->OnConnect(error); });
  }

  void OnConnect(const beast::error_code& error) {
    if (error == beast::error::timeout) return Finish(FetchStatus::kUnreachable, Late());
    if (error) return Finish(FetchStatus::kUnreachable, "cannot connect: " + error.message());
    beast::error_code ignored;
    stream_.socket().set_option(tcp::no_delay(true), ignored);
    request_.method(bhttp::verb::get);
    request_.target(target_.path);
    request_.version(11);
    request_.set(bhttp::field::host, target_.host_header);
    request_.set(bhttp::field::user_agent, "chainsim");
    request_.set(bhttp::field::accept, "application/json");
    request_.set(bhttp::field::connection, "close");
    stream_.expires_at(ArmRead());
    bhttp::async_write(stream_, request_,
                       [self = shared_from_this()](const beast::error_code& write_error,
                                                   std::size_t) { self->OnWrite(write_error); });
  }

  void OnWrite(const beast::error_code& error) {
    if (error == beast::error::timeout) return Finish(FetchStatus::kUnreachable, Late());
    if (error) {
      return Finish(FetchStatus::kUnreachable, "cannot send the request: " + error.message());
    }
    parser_.emplace();
    parser_->header_limit(static_cast<std::uint32_t>(std::min<std::size_t>(
        options_.max_response_header_bytes, std::numeric_limits<std::uint32_t>::max())));
    parser_->body_limit(static_cast<std::uint64_t>(options_.max_response_bytes));
    Read();
  }

  // Reads what the peer sent so far, at most read_timeout after the last
  // read (and never past the deadlines), and feeds it to the parser.
  void Read() {
    stream_.expires_at(ArmRead());
    stream_.async_read_some(
        buffer_.prepare(kReadSize),
        [self = shared_from_this()](const beast::error_code& error, std::size_t bytes) {
          self->OnRead(error, bytes);
        });
  }

  void OnRead(const beast::error_code& error, std::size_t bytes) {
    if (error == beast::error::timeout) return Finish(FetchStatus::kUnreachable, Late());
    beast::error_code parse_error;
    if (error == asio::error::eof) {
      if (!parser_->got_some()) {
        return Finish(FetchStatus::kUnreachable, "the peer closed the connection without a reply");
      }
      parser_->put_eof(parse_error);  // ends a body that has no length
      if (parse_error) {
        return Finish(FetchStatus::kUnreachable, "reply cut off: the peer closed the connection");
      }
    } else if (error) {
      return Finish(FetchStatus::kUnreachable, "reply not received: " + error.message());
    }
    buffer_.commit(bytes);
    while (buffer_.size() > 0 && !parser_->is_done()) {
      buffer_.consume(parser_->put(buffer_.data(), parse_error));
      if (parse_error == bhttp::error::need_more) break;
      if (parse_error) return Refuse(parse_error);
    }
    if (parser_->is_header_done() && parser_->get().result_int() != 200) {
      return Finish(FetchStatus::kHttpError,
                    "status " + std::to_string(parser_->get().result_int()));
    }
    const std::size_t held = buffer_.capacity() + parser_->get().body().size();
    if (!fetch_.memory->Resize(held)) {
      return Finish(FetchStatus::kBadResponse, OverBudget(held, memory_));
    }
    if (!parser_->is_done()) {
      if (error == asio::error::eof) {
        return Finish(FetchStatus::kUnreachable, "reply cut off: the peer closed the connection");
      }
      return Read();
    }
    slot_.body = std::move(parser_->get().body());
    slot_.has_body = true;
    parser_.reset();
    buffer_ = beast::flat_buffer();
    fetch_.memory->ShrinkTo(std::min(fetch_.memory->bytes(), slot_.body.size()));
    Finish(FetchStatus::kOk, "");
  }

  // The parser refused the reply.
  void Refuse(const beast::error_code& error) {
    if (error == bhttp::error::body_limit) {
      return Finish(FetchStatus::kBadResponse, "reply larger than " +
                                                   std::to_string(options_.max_response_bytes) +
                                                   " bytes (--peer-max-reply-bytes)");
    }
    if (error == bhttp::error::header_limit) {
      return Finish(FetchStatus::kBadResponse,
                    "reply headers larger than " +
                        std::to_string(options_.max_response_header_bytes) + " bytes");
    }
    Finish(FetchStatus::kBadResponse, "not an HTTP reply: " + error.message());
  }

  void Finish(FetchStatus status, std::string detail) {
    if (slot_.finished) return;
    slot_.finished = true;
    fetch_.status = status;
    fetch_.detail = std::move(detail);
    if (!slot_.has_body) fetch_.memory.reset();
    beast::error_code ignored;
    stream_.socket().shutdown(tcp::socket::shutdown_both, ignored);
    stream_.socket().close(ignored);
    lookup_timer_.cancel();
    on_finish_();
  }

 public:
  static std::string OverBudget(std::size_t wanted, const ReplyMemory& memory) {
    return "reply needs " + std::to_string(wanted >> 10) +
           " KiB, over what the node's peer-reply memory budget has left (" +
           std::to_string(memory.in_use() >> 10) + " KiB of " +
           std::to_string(memory.budget() >> 10) + " KiB in use; --peer-memory-budget)";
  }

 private:
  const PeerClientOptions& options_;
  ReplyMemory& memory_;
  const Clock::time_point call_deadline_;
  PeerFetch& fetch_;
  Slot& slot_;
  std::function<void()> on_finish_;
  Clock::time_point deadline_;
  Clock::time_point connect_deadline_;
  Limit armed_ = Limit::kConnect;
  PeerTarget target_;
  std::shared_ptr<Lookup> lookup_;
  std::vector<tcp::endpoint> endpoints_;
  beast::tcp_stream stream_;
  asio::steady_timer lookup_timer_;
  bhttp::request<bhttp::empty_body> request_;
  beast::flat_buffer buffer_;
  std::optional<bhttp::response_parser<bhttp::string_body>> parser_;
};

// The parse stage of FetchChains: turns received bodies into chains, one at
// a time, under the memory budget.
class ReplyParser {
 public:
  ReplyParser(ReplyMemory& memory, const Chain& known) : memory_(memory) {
    for (const BlockPtr& block : known) blocks_.emplace(block->hash(), block);
  }

  // Parses `body` into fetch.chain (or says why not in fetch.status and
  // fetch.detail) and frees the body. A body identical to an earlier one
  // gets the earlier result without a second parse; blocks equal to known
  // ones, or to blocks of earlier replies, are shared. Never throws.
  void Parse(std::string& body, PeerFetch& fetch) {
    const Digest digest = Sha256(body);
    if (const auto seen = results_.find(digest); seen != results_.end()) {
      std::string().swap(body);
      const PeerFetch& earlier = *seen->second;
      fetch.status = earlier.status;
      fetch.detail = earlier.detail;
      fetch.chain = earlier.chain;
      fetch.memory.reset();
      return;
    }
    results_.emplace(digest, &fetch);
    auto lock = memory_.ParseLock();
    const std::size_t estimate = ParseCostEstimate(body);
    const std::size_t peak = body.size() + estimate;
    if (!fetch.memory->Resize(peak)) {
      std::string().swap(body);
      fetch.status = FetchStatus::kBadResponse;
      fetch.detail = FetchOperation::OverBudget(peak, memory_);
      fetch.memory.reset();
      return;
    }
    std::optional<Result<Chain>> parsed;
    try {
      parsed.emplace(ParseChain(body));
    } catch (const std::exception& e) {
      parsed.emplace(Error{std::string("cannot parse the reply: ") + e.what()});
    } catch (...) {
      parsed.emplace(Error{"cannot parse the reply"});
    }
    std::string().swap(body);
    fetch.status = FetchStatus::kBadResponse;
    if (!*parsed) {
      fetch.detail = parsed->error().message;
    } else if ((*parsed)->empty()) {
      fetch.detail = "empty chain";
    } else {
      fetch.status = FetchStatus::kOk;
      fetch.chain = std::move(*parsed).value();
    }
    parsed.reset();
    if (fetch.status != FetchStatus::kOk) {
      fetch.memory.reset();
      return;
    }
    // What stays held: the estimate's share for the blocks not held before.
    std::size_t all_bytes = 0;
    std::size_t new_bytes = 0;
    for (BlockPtr& block : fetch.chain) {
      const std::size_t size = block->canonical_json().size();
      all_bytes += size;
      const auto [at, added] = blocks_.emplace(block->hash(), block);
      if (added) {
        new_bytes += size;
      } else {
        block = at->second;
      }
    }
    const double share =
        all_bytes == 0 ? 0.0 : static_cast<double>(new_bytes) / static_cast<double>(all_bytes);
    fetch.memory->ShrinkTo(std::min(
        fetch.memory->bytes(), static_cast<std::size_t>(share * static_cast<double>(estimate))));
  }

 private:
  struct DigestHash {
    std::size_t operator()(const Digest& digest) const {
      std::size_t hash = 0;
      std::memcpy(&hash, digest.data(), sizeof hash);
      return hash;
    }
  };

  ReplyMemory& memory_;
  std::unordered_map<std::string_view, BlockPtr> blocks_;  // by hash; keys view the blocks
  std::unordered_map<Digest, const PeerFetch*, DigestHash> results_;  // by body digest
};

}  // namespace

std::string_view Name(FetchStatus status) {
  switch (status) {
    case FetchStatus::kOk:
      return "ok";
    case FetchStatus::kUnreachable:
      return "unreachable";
    case FetchStatus::kHttpError:
      return "http_error";
    case FetchStatus::kBadResponse:
      return "bad_response";
  }
  return "unknown";
}

std::vector<PeerFetch> FetchChains(std::span<const std::string> nodes,
                                   const PeerClientOptions& options, ReplyMemory& memory,
                                   const std::stop_token& stop, const Chain& known) {
  std::vector<PeerFetch> fetches(nodes.size());
  std::vector<Slot> slots(nodes.size());
  for (std::size_t i = 0; i < nodes.size(); ++i) fetches[i].node = nodes[i];
  const Clock::time_point call_deadline = Clock::now() + options.resolve_timeout;
  bool failed = false;  // an exception escaped a handler
  {
    asio::io_context io(1);
    const std::size_t parallel = std::max<std::size_t>(1, options.max_parallel_fetches);
    std::size_t next = 0;
    std::size_t running = 0;
    std::function<void()> launch = [&] {
      while (running < parallel && next < nodes.size() && Clock::now() < call_deadline) {
        const std::size_t i = next++;
        ++running;
        std::make_shared<FetchOperation>(io, options, memory, call_deadline, fetches[i], slots[i],
                                         [&] {
                                           --running;
                                           asio::post(io, launch);
                                         })
            ->Start();
      }
    };
    asio::post(io, launch);
    const std::stop_callback on_stop(stop, [&io] { io.stop(); });
    for (;;) {
      try {
        io.run();
        break;
      } catch (...) {
        failed = true;  // that fetch is reported below; the others go on
      }
    }
  }  // the io_context closes every socket still open

  ReplyParser parser(memory, known);
  for (std::size_t i = 0; i < nodes.size(); ++i) {
    PeerFetch& fetch = fetches[i];
    if (stop.stop_requested()) {  // no more parsing: the node is shutting down
      fetch = PeerFetch{fetch.node,
                        FetchStatus::kUnreachable,
                        "abandoned: the node is shutting down",
                        {},
                        nullptr};
      continue;
    }
    if (!slots[i].finished) {
      fetch.status = FetchStatus::kUnreachable;
      fetch.detail =
          failed ? "internal error while fetching"
                 : "not fetched: resolve time limit of " + Ms(options.resolve_timeout) + " reached";
      fetch.memory.reset();
      continue;
    }
    if (slots[i].has_body) parser.Parse(slots[i].body, fetch);
  }
  return fetches;
}

}  // namespace chainsim::http
