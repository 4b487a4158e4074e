package dev.hostgap.harness;

import jcuda.driver.CUgraph;
import jcuda.driver.CUgraphExec;
import jcuda.driver.CUstream;
import jcuda.driver.CUstreamCaptureMode;

import static jcuda.driver.JCudaDriver.cuGraphDestroy;
import static jcuda.driver.JCudaDriver.cuGraphExecDestroy;
import static jcuda.driver.JCudaDriver.cuGraphInstantiate;
import static jcuda.driver.JCudaDriver.cuGraphLaunch;
import static jcuda.driver.JCudaDriver.cuStreamBeginCapture;
import static jcuda.driver.JCudaDriver.cuStreamEndCapture;

/** A CUDA graph captured from stream launches and instantiated, ready for one-call replay. */
public final class CudaGraph implements AutoCloseable {

    private final CUgraph graph = new CUgraph();
    private final CUgraphExec exec = new CUgraphExec();
    private final CUstream stream;

    private CudaGraph(CUstream stream, Runnable work) {
        this.stream = stream;
        cuStreamBeginCapture(stream, CUstreamCaptureMode.CU_STREAM_CAPTURE_MODE_THREAD_LOCAL);
        work.run();
        cuStreamEndCapture(stream, graph);
        cuGraphInstantiate(exec, graph, 0);
    }

    /** Captures whatever {@code work} enqueues on {@code stream} and instantiates it. */
    public static CudaGraph capture(CUstream stream, Runnable work) {
        return new CudaGraph(stream, work);
    }

    /** Launches the whole graph on the stream it was captured from: one host call. */
    public void replay() {
        cuGraphLaunch(exec, stream);
    }

    @Override
    public void close() {
        cuGraphExecDestroy(exec);
        cuGraphDestroy(graph);
    }
}
