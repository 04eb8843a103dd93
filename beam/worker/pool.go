// Package worker serves Beam's external worker pool protocol
// (BeamFnExternalWorkerPool) by starting each worker the runner asks for
// as a separate process: a binary that holds the pipeline's functions
// (dataaudit-beam itself, or a test binary), run with the Go SDK's worker
// flags (--worker --id --control_endpoint --logging_endpoint). A runner
// uses it with --environment_type=EXTERNAL --environment_config=ADDR.
//
// It exists because Prism v2.78.0's PROCESS environment cannot start a Go
// worker: it runs the command with --id='ID' (the quotes are part of the
// argument, as no shell removes them) and --provision_endpoint only, the
// interface of Beam's container boot program rather than of an SDK
// binary, and waits for a worker that never connects under that id.
// EXTERNAL hands the worker's id and endpoints over in a gRPC request
// instead.
package worker

import (
	"context"
	"fmt"
	"net"
	"os"
	"os/exec"
	"sync"

	fnpb "github.com/apache/beam/sdks/v2/go/pkg/beam/model/fnexecution_v1"
	"google.golang.org/grpc"
)

// Pool is a worker pool listening on a loopback port.
type Pool struct {
	fnpb.UnimplementedBeamFnExternalWorkerPoolServer

	command string
	args    []string
	env     []string
	lis     net.Listener
	srv     *grpc.Server

	mu      sync.Mutex
	procs   map[string]*exec.Cmd
	started int
	closed  bool
}

// Start serves a pool that runs command with args, then the worker's
// flags, in the environment env (nil: this process'), on 127.0.0.1.
func Start(command string, args, env []string) (*Pool, error) {
	lis, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, fmt.Errorf("worker pool: %w", err)
	}
	p := &Pool{command: command, args: args, env: env, lis: lis, srv: grpc.NewServer(), procs: map[string]*exec.Cmd{}}
	fnpb.RegisterBeamFnExternalWorkerPoolServer(p.srv, p)
	go p.srv.Serve(lis)
	return p, nil
}

// Addr is the pool's address, for --environment_config.
func (p *Pool) Addr() string { return p.lis.Addr().String() }

// Started returns the number of worker processes started so far.
func (p *Pool) Started() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.started
}

// StartWorker starts a worker process (BeamFnExternalWorkerPoolServer).
func (p *Pool) StartWorker(_ context.Context, req *fnpb.StartWorkerRequest) (*fnpb.StartWorkerResponse, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	id := req.GetWorkerId()
	switch {
	case p.closed:
		return &fnpb.StartWorkerResponse{Error: "worker pool closed"}, nil
	case p.procs[id] != nil:
		return &fnpb.StartWorkerResponse{Error: fmt.Sprintf("worker %q already started", id)}, nil
	case req.GetControlEndpoint() == nil || req.GetLoggingEndpoint() == nil:
		return &fnpb.StartWorkerResponse{Error: fmt.Sprintf("worker %q: no control or logging endpoint", id)}, nil
	}
	args := append(append([]string(nil), p.args...),
		"--worker=true",
		"--id="+id,
		"--control_endpoint="+req.GetControlEndpoint().GetUrl(),
		"--logging_endpoint="+req.GetLoggingEndpoint().GetUrl(),
		"--semi_persist_dir="+os.TempDir(),
	)
	cmd := exec.Command(p.command, args...)
	cmd.Env = p.env
	cmd.Stdout, cmd.Stderr = os.Stderr, os.Stderr
	if err := cmd.Start(); err != nil {
		return &fnpb.StartWorkerResponse{Error: fmt.Sprintf("start worker %q: %v", id, err)}, nil
	}
	p.procs[id] = cmd
	p.started++
	go cmd.Wait() // reaped when it ends or is stopped
	return &fnpb.StartWorkerResponse{}, nil
}

// StopWorker ends a worker process (BeamFnExternalWorkerPoolServer).
func (p *Pool) StopWorker(_ context.Context, req *fnpb.StopWorkerRequest) (*fnpb.StopWorkerResponse, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if cmd := p.procs[req.GetWorkerId()]; cmd != nil {
		cmd.Process.Kill()
		delete(p.procs, req.GetWorkerId())
	}
	return &fnpb.StopWorkerResponse{}, nil
}

// Close stops serving and ends the worker processes still running.
func (p *Pool) Close() {
	p.mu.Lock()
	p.closed = true
	for id, cmd := range p.procs {
		cmd.Process.Kill()
		delete(p.procs, id)
	}
	p.mu.Unlock()
	p.srv.Stop()
}
