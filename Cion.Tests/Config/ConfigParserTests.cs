using System.Text;
using Cion.Core.Config;

namespace Cion.Tests.Config;

/// <summary>
/// Table of <c>Fixtures/configs/NN_name.cion.yml</c> files, each paired with
/// <c>NN_name.expected</c>: the parsed config in a flat <c>key=value</c> form, or the errors.
/// </summary>
public sealed class ConfigParserTests
{
    private static readonly string FixtureDir = Path.Combine(AppContext.BaseDirectory, "Fixtures", "configs");

    public static IEnumerable<string> Fixtures() =>
        Directory.GetFiles(FixtureDir, "*.cion.yml").Select(f => Path.GetFileName(f)[..^".cion.yml".Length]).Order();

    [TestCaseSource(nameof(Fixtures))]
    public void Parse_GivesTheExpectedConfigOrErrors(string fixture)
    {
        var expected = File.ReadAllText(Path.Combine(FixtureDir, fixture + ".expected"));

        Assert.That(DescribeFile(Path.Combine(FixtureDir, fixture + ".cion.yml")), Is.EqualTo(expected));
    }

    [Test]
    public void Parse_GivesEqualConfigs_ForTheDesignDocumentFormAndThePlainMappingForm()
    {
        var listForm = ConfigParser.Parse(File.ReadAllText(Path.Combine(FixtureDir, "01_design_document.cion.yml")));
        var mapForm = ConfigParser.Parse(File.ReadAllText(Path.Combine(FixtureDir, "02_plain_mapping.cion.yml")));

        Assert.That(mapForm, Is.EqualTo(listForm));
        Assert.That(listForm.Build.Image, Is.EqualTo("rohan/my-build-image"));
        Assert.That(listForm.Release!.Env["key4"], Is.EqualTo("val4"));
    }

    [Test]
    public void Parse_ReportsEveryError_NotJustTheFirst()
    {
        var error = Assert.Throws<ConfigException>(() => ConfigParser.Parse("build:\n  image: [x]\n  colour: red\n"));
        Assert.That(error!.Errors.Select(e => e.Key), Is.EquivalentTo(new[] { "build.image", "build.colour" }));
    }

    [TestCase("\uFEFFbuild: {image: x}\n")]
    [TestCase("build: {image: x}\r\n")]
    public void Parse_Accepts_CommonFileQuirks(string text) =>
        Assert.That(ConfigParser.Parse(text).Build.Image, Is.EqualTo("x"));

    [Test]
    public void Parse_RefusesAHugeFile_BeforeParsingIt()
    {
        var huge = "build: {image: busybox}\n" + string.Concat(Enumerable.Repeat("# padding\n", 40_000));
        var error = Assert.Throws<ConfigException>(() => ConfigParser.Parse(huge));
        Assert.That(error!.Message, Does.Contain("the limit is 256 KiB"));
    }

    /// <summary>Reads a fixture the way the daemon reads a commit's file: strict UTF-8, size-checked.</summary>
    internal static string DescribeFile(string path)
    {
        try
        {
            return Describe(Cion.Core.ConfigFiles.RepoConfigFile.ReadText(path, CionConfig.FileName));
        }
        catch (ConfigException e)
        {
            return string.Concat(e.Errors.Select(error => $"error {error}\n"));
        }
    }

    /// <summary>A stable, readable dump: what the expected files hold.</summary>
    internal static string Describe(string text)
    {
        var output = new StringBuilder();
        try
        {
            var config = ConfigParser.Parse(text);
            DescribeStep(output, "build", config.Build);
            if (config.Test is not null) DescribeStep(output, "test", config.Test);
            if (config.Release is not null) DescribeStep(output, "release", config.Release);
            foreach (var service in config.Services) DescribeService(output, service);
        }
        catch (ConfigException e)
        {
            foreach (var error in e.Errors) output.Append("error ").Append(error).Append('\n');
        }
        return output.ToString();
    }

    private static void DescribeService(StringBuilder output, ServiceConfig service)
    {
        var name = $"services.{service.Name}";
        output.Append($"{name}.image={service.Image}\n");
        foreach (var (key, value) in service.Env.OrderBy(kv => kv.Key, StringComparer.Ordinal))
            output.Append($"{name}.env.{key}={value}\n");
        if (service.Cmd is not null) output.Append($"{name}.cmd=[{string.Join(", ", service.Cmd.Select(c => $"'{c}'"))}]\n");
        if (service.Privileged) output.Append($"{name}.privileged=true\n");
        if (service.Port is not null) output.Append($"{name}.port={service.Port}\n");
        output.Append($"{name}.steps=[{string.Join(", ", service.Steps)}]\n");
    }

    private static void DescribeStep(StringBuilder output, string name, StepConfig step)
    {
        output.Append($"{name}.image={step.Image}\n");
        output.Append($"{name}.docker={step.Docker switch { DockerRequest.None => "false", DockerRequest.Engine => "true", _ => ConfigParser.RootEngine }}\n");
        foreach (var (key, value) in step.Env.OrderBy(kv => kv.Key, StringComparer.Ordinal))
            output.Append($"{name}.env.{key}={value}\n");
        if (step.Cmd is not null) output.Append($"{name}.cmd=[{string.Join(", ", step.Cmd.Select(c => $"'{c}'"))}]\n");
        if (step.Branches is not null) output.Append($"{name}.branches=[{string.Join(", ", step.Branches)}]\n");
        if (step.Timeout is { } timeout) output.Append($"{name}.timeout={timeout}\n");
        if (step.Secrets.Count > 0) output.Append($"{name}.secrets=[{string.Join(", ", step.Secrets)}]\n");
        if (!step.Cache) output.Append($"{name}.cache=false\n");
        if (name == "release") output.Append($"{name}.environment={step.Environment}\n");
    }
}
