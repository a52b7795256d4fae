namespace EnforcementFlows.Scoring.Tests;

public class TextScorerRobustnessTests
{
    [Fact]
    public void Score_RandomGarbage_NeverThrowsAndStaysAProbability()
    {
        var random = new Random(11);
        string[] seeds = ["From: a@b.c\nContent-Type: multipart/mixed; boundary=x\n\n--x\n", "<html><a href=", "=?utf-8?B?", "Subject: =?x?Q?=ZZ?=\n\n", "http://", "@", "&#x;&#99999999;"];
        for (int i = 0; i < 300; i++)
        {
            int length = random.Next(0, 3000);
            var chars = new char[length];
            for (int k = 0; k < length; k++) chars[k] = (char)random.Next(0, random.Next(2) == 0 ? 128 : 0xFFFF);
            var text = seeds[i % seeds.Length] + new string(chars);

            var result = FixtureModel.Scorer.Score(text);

            Assert.InRange(result.Probability, 0, 1);
        }
    }

    [Fact]
    public void ToExplanationText_ListsVerdictVersionAndTokens()
    {
        var result = new ScoreResult(0.97, true, 0.86, "1.0.0+abc", [new("free", 1.2)], [new("thanks", -0.8)]);

        Assert.Equal("0.97 (flagged at 0.86, model 1.0.0+abc); up: free +1.20; down: thanks -0.80", result.ToExplanationText());
    }
}
