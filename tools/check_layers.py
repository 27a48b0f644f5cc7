#!/usr/bin/env python3
"""Checks that the source folders respect the layers of docs/architecture.md.

For every library folder it reads the #include lines of its .h and .cc files
and the target_link_libraries call of its CMakeLists.txt, and reports:
  - an include of a folder that is not below it in LAYERS (a layer breach);
  - an include of another library with no link line for it (an include
    edge without a link line);
  - a library included by a header but linked PRIVATE (consumers of the
    header would miss it), or linked PUBLIC although only .cc files include
    it (it should be PRIVATE).
Exit status 0 when everything holds, 1 otherwise (one line per problem).

Usage: tools/check_layers.py [REPO_ROOT]     (run by ctest as layers_test)
"""

import os
import re
import sys

# Folder -> (CMake target, the folders it may include). Bottom up.
LAYERS = {
    "core": ("chainsim_core", []),
    "sim/engine": ("chainsim_sim_engine", ["core"]),
    "sim/chain": ("chainsim_sim_chain", ["core", "sim/engine"]),
    "sim/scenario": ("chainsim_sim_scenario", ["core", "sim/engine", "sim/chain"]),
    "sim/net": ("chainsim_sim_net", ["core", "sim/engine", "sim/chain", "sim/scenario"]),
    "sim/behaviour": ("chainsim_sim_behaviour", ["core", "sim/engine", "sim/chain", "sim/scenario"]),
    "sim/metrics": ("chainsim_sim_metrics", ["core", "sim/engine", "sim/chain", "sim/scenario"]),
    "sim/node": ("chainsim_sim_node", ["core", "sim/engine", "sim/chain", "sim/scenario", "sim/net",
                                       "sim/behaviour", "sim/metrics"]),
    "sim/report": ("chainsim_sim_report", ["core", "sim/engine", "sim/chain", "sim/scenario",
                                           "sim/net", "sim/behaviour", "sim/metrics", "sim/node"]),
    "apps/http": ("chainsim_http", ["core"]),
}
# Third-party headers -> the target that provides them.
EXTERNAL = {
    "yaml-cpp/": "yaml-cpp",
    "boost/": "Boost::headers",
    "nlohmann/": "nlohmann_json::nlohmann_json",
    "openssl/": "OpenSSL::Crypto",
    "httplib.h": "PkgConfig::HTTPLIB",
    "CLI/": "CLI11::CLI11",
}
INCLUDE = re.compile(r'^\s*#\s*include\s*([<"])([^>"]+)[>"]')


def folder_of(header):
    for folder in sorted(LAYERS, key=len, reverse=True):
        if header.startswith(folder + "/"):
            return folder
    return None


def link_lines(cmake_text, target):
    """Returns ({public targets}, {private targets}) of target_link_libraries(target ...)."""
    match = re.search(r"target_link_libraries\(\s*" + re.escape(target) + r"\b(.*?)\)",
                      cmake_text, re.S)
    public, private = set(), set()
    if not match:
        return public, private
    current = public
    for word in re.sub(r"#[^\n]*", "", match.group(1)).split():
        if word in ("PUBLIC", "INTERFACE"):
            current = public
        elif word == "PRIVATE":
            current = private
        else:
            current.add(word)
    return public, private


def check(root):
    problems = []
    for folder, (target, allowed) in LAYERS.items():
        path = os.path.join(root, folder)
        needed_public, needed_private = set(), set()
        for name in sorted(os.listdir(path)):
            if not name.endswith((".h", ".cc")):
                continue
            with open(os.path.join(path, name), encoding="utf-8") as source:
                for line in source:
                    match = INCLUDE.match(line)
                    if not match:
                        continue
                    header, need = match.group(2), None
                    if match.group(1) == '"':
                        other = folder_of(header)
                        if other is None or other == folder:
                            continue
                        if other not in allowed:
                            problems.append(f"{folder}/{name}: includes {header}, but {other} is "
                                            f"not below {folder} (docs/architecture.md)")
                            continue
                        need = LAYERS[other][0]
                    else:
                        need = next((t for prefix, t in EXTERNAL.items()
                                     if header.startswith(prefix)), None)
                    if need:
                        (needed_public if name.endswith(".h") else needed_private).add(need)
        with open(os.path.join(path, "CMakeLists.txt"), encoding="utf-8") as cmake:
            public, private = link_lines(cmake.read(), target)
        for need in sorted(needed_public):
            if need not in public:
                problems.append(f"{folder}: a header includes {need}, which {target} does not "
                                f"link PUBLIC")
        for need in sorted(needed_private - needed_public):
            if need not in public | private:
                problems.append(f"{folder}: includes {need} without a link line for it")
            elif need in public:
                problems.append(f"{folder}: only .cc files include {need}; link it PRIVATE")
    return problems


def main():
    root = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "..")
    problems = check(root)
    for problem in problems:
        print(problem)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
