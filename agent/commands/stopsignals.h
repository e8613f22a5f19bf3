#pragma once
// SIGTERM/SIGINT for long-running commands: blocked before any thread starts (threads inherit
// the mask) and then taken with sigwait on the main thread, which owns the embedded servers.

#include <pthread.h>

#include <csignal>

namespace findata::agent {

/// Blocks SIGTERM and SIGINT for this thread and the threads it will start.
inline sigset_t blockStopSignals() {
    sigset_t signals;
    sigemptyset(&signals);
    sigaddset(&signals, SIGTERM);
    sigaddset(&signals, SIGINT);
    pthread_sigmask(SIG_BLOCK, &signals, nullptr);
    return signals;
}

/// Waits for one of the blocked stop signals; returns it.
inline int waitForStopSignal(const sigset_t& signals) {
    int signal = 0;
    sigwait(&signals, &signal);
    return signal;
}

}  // namespace findata::agent
