#pragma once
// AdversaryWorld: a FakeHost whose node 0 an adversary runs and whose other
// nodes run the honest push relay, for the adversaries' tests.

#include <memory>
#include <utility>
#include <vector>

#include "sim/behaviour/push_behaviour.h"
#include "tests/sim/behaviour/fake_host.h"

namespace chainsim::sim::testing {

// Push relay settings of the adversaries' tests (a 1 s request timeout).
inline ProtocolConfig PushConfig() {
  ProtocolConfig config;
  config.kind = ProtocolKind::kPush;
  config.request_timeout = 1 * kSecond;
  return config;
}

// The steps adversaries reported on `host`, in order.
inline std::vector<AttackStep> StepsOf(const FakeHost& host) {
  std::vector<AttackStep> steps;
  for (const AttackEvent& e : host.attacks()) steps.push_back(e.step);
  return steps;
}

struct AdversaryWorld {
  // `nodes` nodes, honest, started, with `links` (pairs of peers).
  AdversaryWorld(int nodes, const std::vector<std::pair<NodeIndex, NodeIndex>>& links)
      : host(nodes), honest(host, nodes, PushConfig(), ForkChoice::kLongest, false) {
    for (const auto& [a, b] : links) host.Link(a, b);
    host.AssignAll(&honest);
    host.StartAll();
  }
  // Hands node 0 to `behaviour` as the simulator does (OnStart), and lets
  // the peers exchange their tips.
  void HandOver(std::unique_ptr<NodeBehaviour> behaviour) {
    adversary = std::move(behaviour);
    host.Assign(0, adversary.get());
    adversary->OnStart(0);
    host.RunUntil(host.Now() + 1 * kSecond);
  }
  // The steps the adversary reported, in order.
  std::vector<AttackStep> Steps() const { return StepsOf(host); }

  FakeHost host;
  PushBehaviour honest;
  std::unique_ptr<NodeBehaviour> adversary;
};

}  // namespace chainsim::sim::testing
