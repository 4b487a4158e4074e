/*
 * hostgap's kernel launch: cuLaunchKernel called with the handles and the parameter block that
 * Java prepared once, so a timed launch is one JNI call with primitive arguments. Through JCuda,
 * the same call first hands its Pointer objects to JCuda's native marshalling, which cost about
 * 0.4-1 us per launch with arguments on an H200 (docs/gpu-results.md): more than the regressions
 * hostgap exists to find, added by the harness itself.
 *
 * The library links libcuda.so.1 (the driver's soname, the one JCuda has already loaded) and
 * needs no glibc symbol version at all, so it loads on any Linux a CUDA driver runs on. Built by harness/build-launch-library.sh (linux x86_64 and aarch64); the binaries are
 * committed beside a hash of this file, which a test checks.
 */
#include <jni.h>
#include <stdint.h>

/* The driver API's declaration (cuda.h), spelled out so the build needs no CUDA toolkit. */
int cuLaunchKernel(void *function, unsigned grid_x, unsigned grid_y, unsigned grid_z,
                   unsigned block_x, unsigned block_y, unsigned block_z,
                   unsigned shared_bytes, void *stream, void **params, void **extra);

/* One launch of a 1-D grid on a stream, no dynamic shared memory: returns the CUresult. */
JNIEXPORT jint JNICALL Java_dev_hostgap_harness_DriverLaunch_launch0(JNIEnv *env, jclass type, jlong function,
                                                                          jint grid_x, jint block_x, jlong stream,
                                                                          jlong params) {
    (void) env;
    (void) type;
    return cuLaunchKernel((void *) (intptr_t) function, (unsigned) grid_x, 1, 1, (unsigned) block_x, 1, 1, 0,
                         (void *) (intptr_t) stream, (void **) (intptr_t) params, NULL);
}
