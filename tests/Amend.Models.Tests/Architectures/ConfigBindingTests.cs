using Amend.Models.Architectures;
using Amend.Models.HuggingFace;

namespace Amend.Models.Tests.Architectures;

public sealed class ConfigBindingTests
{
    private static ConfigJson Golden(string folder) => ConfigJson.Load(SharedFixtures.Path("golden", folder, "config.json"));

    [Fact]
    public void Gpt2_BindsGoldenConfig_WithNoUnknownKeys()
    {
        var json = Golden("gpt2");

        var config = Gpt2Config.FromJson(json);

        Assert.Equal((32, 3, 4, 128, 50257), (config.HiddenSize, config.NumLayers, config.NumHeads, config.IntermediateSize, config.VocabSize));
        Assert.True(config.TieWordEmbeddings);
        Assert.Empty(json.UnknownKeys());
    }

    [Fact]
    public void GptJ_BindsRotaryDimAndUntiedHead()
    {
        var json = Golden("gptj");

        var config = GptJConfig.FromJson(json);

        Assert.Equal((8, 16, false), (config.RotaryDim, config.HeadDim, config.TieWordEmbeddings));
        Assert.Empty(json.UnknownKeys());
    }

    [Fact]
    public void GptNeoX_DerivesRotaryDimFromPercentage()
    {
        var json = Golden("gpt_neox");

        var config = GptNeoXConfig.FromJson(json);

        Assert.Equal(8, config.RotaryDim);
        Assert.True(config.UseParallelResidual);
        Assert.Empty(json.UnknownKeys());
    }

    [Theory]
    [InlineData("llama", 2, false, false, 500000f)]
    [InlineData("mistral", 2, false, false, 10000f)]
    [InlineData("qwen2", 2, true, true, 1000000f)]
    public void LlamaFamily_BindsEachModelType(string folder, int kvHeads, bool qkvBias, bool tied, float theta)
    {
        var json = Golden(folder);

        var config = LlamaConfig.FromJson(json);

        Assert.Equal((kvHeads, qkvBias, tied, theta, 16), (config.NumKeyValueHeads, config.QkvBias, config.TieWordEmbeddings, config.RopeTheta, config.HeadDim));
        Assert.False(config.OutputBias);
        Assert.Empty(json.UnknownKeys());
    }

    [Fact]
    public void Mistral_TakesTransformersWindowDefault_WhenKeyAbsent()
    {
        var config = LlamaConfig.FromJson(ConfigJson.Parse("""{"model_type":"mistral","hidden_size":256,"num_attention_heads":32}""", "config.json"));

        Assert.Equal(4096, config.SlidingWindow);
        Assert.Equal(8, config.NumKeyValueHeads);
    }

    [Theory]
    [InlineData("llama", "", 32)]
    [InlineData("mistral", "", 8)]
    [InlineData("qwen2", "", 32)]
    [InlineData("mistral", ",\"num_key_value_heads\":null", 32)]
    [InlineData("qwen2", ",\"num_key_value_heads\":null", 32)]
    [InlineData("qwen2", ",\"num_key_value_heads\":4", 4)]
    public void KeyValueHeads_AbsentTakeTheFamilysDefault_NullTakeTheQueryHeads(string type, string key, int expected)
    {
        var json = ConfigJson.Parse($$"""{"model_type":"{{type}}","hidden_size":256,"num_attention_heads":32{{key}}}""", "config.json");

        Assert.Equal(expected, LlamaConfig.FromJson(json).NumKeyValueHeads);
    }

    [Theory]
    [InlineData("llama", true)]
    [InlineData("mistral", false)]
    [InlineData("qwen2", false)]
    public void MlpBias_IsALlamaKey_WhichMistralAndQwen2Ignore(string type, bool expected)
    {
        var json = ConfigJson.Parse($$"""{"model_type":"{{type}}","hidden_size":64,"num_attention_heads":4,"num_key_value_heads":4,"mlp_bias":true}""", "config.json");

        Assert.Equal(expected, LlamaConfig.FromJson(json).MlpBias);
    }

    [Theory]
    [InlineData("", 64)]
    [InlineData(",\"rotary_dim\":16", 16)]
    public void GptJ_RotaryDimAbsent_Is64_AsGPTJConfigs(string key, int expected)
    {
        var json = ConfigJson.Parse($$"""{"model_type":"gptj","n_embd":512,"n_head":4{{key}}}""", "config.json");

        Assert.Equal(expected, GptJConfig.FromJson(json).RotaryDim);
    }

    [Fact]
    public void GptJ_RotaryDimNull_RotatesTheWholeHead_OnlyWithOneHead()
    {
        var one = GptJConfig.FromJson(ConfigJson.Parse("""{"model_type":"gptj","n_embd":32,"n_head":1,"rotary_dim":null}""", "config.json"));
        var error = Assert.Throws<ModelConfigException>(() => GptJConfig.FromJson(ConfigJson.Parse("""{"model_type":"gptj","n_embd":512,"n_head":4,"rotary_dim":null}""", "config.json")));

        Assert.Equal(32, one.RotaryDim);
        Assert.Contains("rotary_dim null rotates all n_embd = 512 dimensions", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void RopeScalingBesideRopeParameters_IsTakenWhenTheyAgree_AndRefusedWhenTheyDiffer()
    {
        const string scaling = "{\"rope_type\":\"linear\",\"factor\":2.0}";
        var agree = ConfigJson.Parse($$$"""{"model_type":"llama","hidden_size":64,"num_attention_heads":4,"rope_scaling":{{{scaling}}},"rope_parameters":{"rope_type":"linear","factor":2.0,"rope_theta":10000.0}}""", "config.json");
        var differ = ConfigJson.Parse($$$"""{"model_type":"llama","hidden_size":64,"num_attention_heads":4,"rope_scaling":{{{scaling}}},"rope_parameters":{"rope_type":"default","rope_theta":10000.0}}""", "config.json");

        Assert.Equal(new RopeScaling("linear", 2f), LlamaConfig.FromJson(agree).RopeScaling);
        var error = Assert.Throws<ModelConfigException>(() => LlamaConfig.FromJson(differ));
        Assert.Contains("rope_scaling (linear, factor 2) and rope_parameters (default) disagree", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Transformers5RopeParameters_AreRead_WhereTheOldKeysAreAbsent()
    {
        // transformers 5 writes rope_parameters and drops rope_theta, rope_scaling, rotary_pct and rotary_emb_base
        var llama = ConfigJson.Parse("""
            {"model_type":"llama","hidden_size":64,"num_attention_heads":4,
             "rope_parameters":{"rope_type":"llama3","rope_theta":500000.0,"factor":8.0,"low_freq_factor":1.0,"high_freq_factor":4.0,"original_max_position_embeddings":8192}}
            """, "config.json");
        var qwen = ConfigJson.Parse("""{"model_type":"qwen2","hidden_size":64,"num_attention_heads":4,"num_key_value_heads":4,"rope_parameters":{"rope_type":"default","rope_theta":1000000.0}}""", "config.json");
        var neox = ConfigJson.Parse("""{"model_type":"gpt_neox","hidden_size":64,"num_attention_heads":4,"rope_parameters":{"rope_type":"default","rope_theta":20000,"partial_rotary_factor":0.5}}""", "config.json");

        var (l, q, n) = (LlamaConfig.FromJson(llama), LlamaConfig.FromJson(qwen), GptNeoXConfig.FromJson(neox));

        Assert.Equal(500000f, l.RopeTheta);
        Assert.Equal(new RopeScaling("llama3", 8f, 1f, 4f, 8192), l.RopeScaling);
        Assert.Equal((1000000f, null), (q.RopeTheta, q.RopeScaling));
        Assert.Equal((20000f, 0.5f, 8), (n.RotaryBase, n.RotaryPct, n.RotaryDim));
        Assert.All(new[] { llama, qwen, neox }, json => Assert.Empty(json.UnknownKeys()));
    }

    [Fact]
    public void Llama3_BindsRopeScalingAndEosList()
    {
        var json = ConfigJson.Parse(
            """
            {"model_type":"llama","hidden_size":64,"num_attention_heads":4,"eos_token_id":[128001,128009],
             "rope_scaling":{"rope_type":"llama3","factor":8.0,"low_freq_factor":1.0,"high_freq_factor":4.0,"original_max_position_embeddings":8192}}
            """,
            "config.json");

        var config = LlamaConfig.FromJson(json);

        Assert.Equal([128001, 128009], config.EosTokenIds);
        Assert.Equal(new RopeScaling("llama3", 8f, 1f, 4f, 8192), config.RopeScaling);
    }

    [Fact]
    public void KeysTransformersWritesButNeverReads_AreNotReportedUnknown()
    {
        var gptj = ConfigJson.Parse("""{"model_type":"gptj","n_embd":64,"n_head":4,"rotary_dim":8,"rotary":true,"scale_attn_weights":true,"n_ctx":2048,"dtype":"float16","tokenizer_class":"GPT2Tokenizer"}""", "config.json");
        var neox = ConfigJson.Parse("""{"model_type":"gpt_neox","hidden_size":64,"num_attention_heads":4,"rotary_emb_base":10000,"rotary_pct":0.25,"rope_theta":10000,"partial_rotary_factor":0.25}""", "config.json");
        var qwen = ConfigJson.Parse("""{"model_type":"qwen2","hidden_size":64,"num_attention_heads":4,"num_key_value_heads":4,"num_hidden_layers":2,"layer_types":["full_attention","full_attention"]}""", "config.json");

        _ = GptJConfig.FromJson(gptj);
        _ = GptNeoXConfig.FromJson(neox);
        _ = LlamaConfig.FromJson(qwen);

        Assert.All(new[] { gptj, neox, qwen }, json => Assert.Empty(json.UnknownKeys()));
    }

    [Fact]
    public void UnknownKeys_AreReported()
    {
        var json = ConfigJson.Parse("""{"model_type":"gpt2","n_embd":8,"n_head":2,"mystery_switch":true}""", "config.json");

        Gpt2Config.FromJson(json);

        Assert.Equal(["mystery_switch"], json.UnknownKeys());
    }

    [Theory]
    [InlineData("""{"model_type":"gpt2","n_embd":10,"n_head":4}""", "not divisible")]
    [InlineData("""{"model_type":"gpt2","n_embd":"wide"}""", "key \"n_embd\" has value \"wide\", not an integer")]
    [InlineData("""{"model_type":"gpt2","layer_norm_epsilon":true}""", "key \"layer_norm_epsilon\" has value true, not a number")]
    [InlineData("""{"model_type":"gpt2","n_positions":1000000000000}""", "key \"n_positions\" has value 1000000000000, not an integer from -2147483648 to 2147483647")]
    [InlineData("""{"model_type":"llama","hidden_size":64,"num_attention_heads":4,"num_key_value_heads":3}""", "num_key_value_heads")]
    [InlineData("""{"model_type":"llama","rope_scaling":{"type":"yarn","factor":2}}""", "yarn")]
    [InlineData("""[1,2]""", "not a JSON object")]
    [InlineData("""{"model_type":""", "not valid JSON")]
    [InlineData("""{"model_type":"gpt2","n_layer":-1}""", "\"n_layer\" is -1")]
    [InlineData("""{"model_type":"gpt2","vocab_size":-5}""", "\"vocab_size\" is -5")]
    [InlineData("""{"model_type":"gpt2","layer_norm_epsilon":-1e-5}""", "\"layer_norm_epsilon\"")]
    [InlineData("""{"model_type":"gpt2","eos_token_id":1.5}""", "\"eos_token_id\" is 1.5")]
    [InlineData("""{"model_type":"gpt2","bos_token_id":[1,2.5]}""", "\"bos_token_id\"[1]")]
    [InlineData("""{"model_type":"llama","num_hidden_layers":2000000000}""", "\"num_hidden_layers\" is 2000000000")]
    [InlineData("""{"model_type":"llama","hidden_size":64,"num_attention_heads":4,"head_dim":1073741824}""", "\"head_dim\"")]
    [InlineData("""{"model_type":"llama","hidden_size":64,"num_attention_heads":4,"head_dim":15}""", "must be even")]
    [InlineData("""{"model_type":"llama","rope_theta":0}""", "\"rope_theta\"")]
    [InlineData("""{"model_type":"llama","max_position_embeddings":0}""", "\"max_position_embeddings\"")]
    [InlineData("""{"model_type":"llama","rope_scaling":{"rope_type":"llama3","factor":8,"low_freq_factor":4,"high_freq_factor":1,"original_max_position_embeddings":8192}}""", "high_freq_factor")]
    [InlineData("""{"model_type":"mistral","sliding_window":0}""", "sliding_window")]
    [InlineData("""{"model_type":"gpt_neox","rotary_pct":0}""", "rotary_pct")]
    [InlineData("""{"model_type":"gpt2","n_layer":1,"n_layer":2}""", "n_layer")]
    [InlineData("""{"model_type":"gpt2","n_\udc00layer":1}""", "a member name in the top level holds an unpaired UTF-16 surrogate escape")]
    [InlineData("""{"model_type":"gpt2","task_specific_params":{"summarization":{"prefix":"\ud800"}}}""", "task_specific_params.summarization.prefix holds an unpaired")]
    [InlineData("""{"model_type":"gpt2","activation_function":"swishy"}""", "key \"activation_function\" names activation \"swishy\"")]
    [InlineData("""{"model_type":"llama","hidden_act":"swishy"}""", "key \"hidden_act\" names activation \"swishy\"")]
    [InlineData("""{"model_type":"llama","rope_parameters":{"full_attention":{"rope_theta":1e6},"sliding_attention":{"rope_theta":1e4}}}""", "rope_parameters gives settings per layer type")]
    [InlineData("""{"model_type":"llama","rope_parameters":{"rope_type":"yarn","factor":4}}""", "rope scaling type \"yarn\" is not supported")]
    [InlineData("""{"model_type":"llama","partial_rotary_factor":0.5}""", "partial_rotary_factor 0.5 is not supported for llama")]
    [InlineData("""{"model_type":"llama","rope_parameters":{"rope_theta":0}}""", "\"rope_theta\"")]
    [InlineData("""{"model_type":"qwen2","hidden_size":64,"num_attention_heads":4,"num_key_value_heads":4,"num_hidden_layers":2,"layer_types":["full_attention","sliding_attention"]}""", "layer_types holds \"sliding_attention\"")]
    public void BadConfig_GivesErrorNamingFileAndProblem(string text, string expected)
    {
        var error = Assert.Throws<ModelConfigException>(() =>
        {
            var json = ConfigJson.Parse(text, "/models/x/config.json");
            if (json.ModelType is "llama" or "mistral" or "qwen2") LlamaConfig.FromJson(json);
            else if (json.ModelType == "gpt_neox") GptNeoXConfig.FromJson(json);
            else Gpt2Config.FromJson(json);
        });

        Assert.StartsWith("/models/x/config.json", error.Message);
        Assert.Contains(expected, error.Message);
    }

    [Fact]
    public void Load_NamesMissingFile()
    {
        var error = Assert.Throws<ModelConfigException>(() => ConfigJson.Load("/nonexistent/config.json"));

        Assert.Contains("/nonexistent/config.json", error.Message);
    }
}
