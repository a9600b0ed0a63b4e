/* runtime: functions real programs import that ptxvm does not implement (the census
 * lists them: graphs and stream capture, IPC, memory pools). Each
 * is exported so programs load, and fails when called: it logs its name, sets the last
 * error and returns cudaErrorNotSupported. No CUDA header here: the stubs ignore their
 * arguments, whatever their declared types. */
int rt_stub_unsupported(const char *api);

#define RT_STUB(name)                                                                     \
  __attribute__((visibility("default"))) int name(void);                                  \
  int name(void) { return rt_stub_unsupported(#name); }

/* Graphs: the node kinds and updates graph.c does not have. */
RT_STUB(cudaStreamBeginCaptureToGraph)
RT_STUB(cudaStreamUpdateCaptureDependencies)
RT_STUB(cudaGraphAddMemAllocNode)
RT_STUB(cudaGraphAddMemFreeNode)
RT_STUB(cudaGraphAddNode)
RT_STUB(cudaGraphExecUpdate)
RT_STUB(cudaGraphConditionalHandleCreate)
RT_STUB(cudaDeviceGraphMemTrim)
RT_STUB(cudaDeviceGetGraphMemAttribute)
/* Cooperative launches (grid-wide sync). */
RT_STUB(cudaLaunchCooperativeKernelMultiDevice)
/* IPC, and memory pools shared between processes. */
RT_STUB(cudaIpcGetMemHandle)
RT_STUB(cudaIpcOpenMemHandle)
RT_STUB(cudaIpcCloseMemHandle)
RT_STUB(cudaIpcGetEventHandle)
RT_STUB(cudaIpcOpenEventHandle)
RT_STUB(cudaMemPoolExportToShareableHandle)
RT_STUB(cudaMemPoolImportFromShareableHandle)
RT_STUB(cudaMemPoolExportPointer)
RT_STUB(cudaMemPoolImportPointer)
/* Others. */
RT_STUB(cudaGraphicsMapResources)
RT_STUB(cudaGraphicsUnmapResources)
RT_STUB(cudaGraphicsResourceGetMappedPointer)
RT_STUB(cudaGraphicsUnregisterResource)
