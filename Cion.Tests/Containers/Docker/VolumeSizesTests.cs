using System.Text.Json;
using Cion.Core.Containers.Docker;

namespace Cion.Tests.Containers.Docker;

public sealed class VolumeSizesTests
{
    /// <summary>Engines before API 1.52 list volumes under <c>Volumes</c>; newer ones under <c>VolumeUsage.Items</c>.</summary>
    [TestCase("""{"Volumes": [{"Name": "a", "UsageData": {"Size": 5, "RefCount": 0}}, {"Name": "b", "UsageData": {"Size": -1}}]}""", "a=5")]
    [TestCase("""{"VolumeUsage": {"TotalSize": 7, "Items": [{"Name": "a", "UsageData": {"Size": 7}}]}}""", "a=7")]
    [TestCase("""{"Volumes": null}""", "")]
    [TestCase("""{"Images": []}""", "")]
    [TestCase("""{"Volumes": [{"Name": "a"}, {"Name": "b", "UsageData": {"Size": 0}}, {"UsageData": {"Size": 3}}]}""", "")]
    public void Sizes_ReadsBothShapesOfTheReply_AndLeavesOutSizesNotComputed(string reply, string expected)
    {
        using var json = JsonDocument.Parse(reply);

        var sizes = VolumeSizes.Sizes(json.RootElement);

        Assert.That(string.Join(",", sizes.OrderBy(p => p.Key).Select(p => $"{p.Key}={p.Value}")), Is.EqualTo(expected));
    }
}
