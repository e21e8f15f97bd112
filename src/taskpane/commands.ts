// Function file for the ribbon (FunctionFile in manifest.xml). The 检查评分 button uses ShowTaskpane,
// so nothing is registered here; Office still loads this page and waits for onReady.
Office.onReady(() => {
  // Nothing to initialise: no ExecuteFunction commands yet.
});

export {};
