// Tests share one Docker engine and watch it for leftovers, so they run one at a time.
[assembly: NUnit.Framework.NonParallelizable]
